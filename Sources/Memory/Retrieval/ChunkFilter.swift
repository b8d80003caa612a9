import Foundation
import JSON
import Store

/// The `WHERE` of every chunk query, built once for both dialects: the
/// scope (DESIGN §4: private tiers to (org, user, project), archival and
/// blackboard memory shared within (org, project) — the same rule as the
/// PostgreSQL row-level-security policy), then tiers and filters.
/// Parameters are appended to `parameters` and referenced as `$n`.
struct ChunkFilter {
    let scope: Scope
    let tiers: [MemoryTier]
    let filters: SearchFilters

    func sql(alias c: String, dialect: SQLDialect, parameters: inout [SQLValue]) -> String {
        func bind(_ value: SQLValue) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        var parts = [
            "\(c).org_id = \(bind(.text(scope.orgID)))",
            "\(c).project_id = \(bind(.text(scope.projectKey)))",
            "(\(c).user_id = \(bind(.text(scope.userID))) OR \(c).tier = 'archival' OR \(c).shared)",
        ]
        if Set(tiers) != Set(MemoryTier.allCases) {
            // Tier names are our own enum's, never user text.
            parts.append("\(c).tier IN (\(tiers.map { "'\($0.rawValue)'" }.joined(separator: ", ")))")
        }
        if let role = filters.roleID {
            let ownGroup = filters.roleGroupID.map { " OR \(c).group_id = \(bind(.text($0)))" } ?? ""
            parts.append("(\(c).role_id = \(bind(.text(role))) OR \(c).role_id IS NULL\(ownGroup))")
        }
        if let group = filters.groupID { parts.append("\(c).group_id = \(bind(.text(group)))") }
        if let from = filters.createdFrom { parts.append("\(c).created_at >= \(bind(.date(from)))") }
        if let before = filters.createdBefore { parts.append("\(c).created_at < \(bind(.date(before)))") }
        if let metadata = filters.metadata, !metadata.isEmpty {
            var conditions: [String] = []
            switch dialect {
            case .postgres:
                conditions.append("m.metadata @> \(bind(.text(JSONValue.object(metadata).description)))::jsonb")
            case .sqlite:
                for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
                    conditions.append("json_extract(m.metadata, \(bind(.text(Self.jsonPath(key))))) = \(bind(Self.sqliteValue(value)))")
                }
            }
            parts.append("""
                EXISTS (SELECT 1 FROM memories m WHERE m.org_id = \(c).org_id AND m.id = \(c).memory_id AND \(conditions.joined(separator: " AND ")))
                """)
        }
        return parts.joined(separator: " AND ")
    }

    /// `$."key"`: quoted so dots in a key are not path steps.
    static func jsonPath(_ key: String) -> String {
        "$.\"" + key.replacingOccurrences(of: "\"", with: "") + "\""
    }

    /// What SQLite's json_extract returns for a scalar: text, integer, real, 0/1.
    static func sqliteValue(_ value: JSONValue) -> SQLValue {
        switch value {
        case .string(let s): return .text(s)
        case .int(let i): return .integer(i)
        case .double(let d): return .real(d)
        case .bool(let b): return .integer(b ? 1 : 0)
        default: return .null
        }
    }

    /// Metadata filters take top-level keys of letters, digits and `_ . : -`
    /// with string, number or boolean values.
    static func validate(_ metadata: [String: JSONValue]?) throws {
        guard let metadata else { return }
        guard metadata.count <= 16 else { throw MemoryError.invalid("at most 16 metadata filters", field: "filters.metadata") }
        for (key, value) in metadata {
            let ok = !key.isEmpty && key.utf8.count <= 64 && key.unicodeScalars.allSatisfy { s in
                s.properties.isAlphabetic || ("0"..."9").contains(s) || "_.:-".unicodeScalars.contains(s)
            }
            guard ok else { throw MemoryError.invalid("metadata filter keys are 1…64 letters, digits or _ . : -", field: "filters.metadata") }
            switch value {
            case .string, .int, .double, .bool: continue
            default: throw MemoryError.invalid("metadata filter values are strings, numbers or booleans", field: "filters.metadata.\(key)")
            }
        }
    }
}
