import Foundation
import JSON
import Store

/// The `WHERE` of every chunk query, built once for both dialects: the
/// scope (DESIGN §4: private tiers to (org, user, project), archival and
/// blackboard memory shared within (org, project) — the same rule as the
/// PostgreSQL row-level-security policy), then tiers and filters.
struct ChunkFilter {
    let scope: Scope
    let tiers: [MemoryTier]
    let filters: SearchFilters

    func sql(alias c: String, dialect: SQLDialect) -> SQL {
        var parts: [SQL] = [
            .inProject(scope, alias: c),
            "(\(raw: c).user_id = \(.text(scope.userID)) OR \(raw: c).tier = 'archival' OR \(raw: c).shared)",
        ]
        if Set(tiers) != Set(MemoryTier.allCases) {
            // Tier names are our own enum's, never user text.
            parts.append("\(raw: c).tier IN (\(raw: tiers.map { "'\($0.rawValue)'" }.joined(separator: ", ")))")
        }
        if let role = filters.roleID {
            let ownGroup: SQL = filters.roleGroupID.map { " OR \(raw: c).group_id = \(.text($0))" } ?? ""
            parts.append("(\(raw: c).role_id = \(.text(role)) OR \(raw: c).role_id IS NULL\(ownGroup))")
        }
        if let group = filters.groupID { parts.append("\(raw: c).group_id = \(.text(group))") }
        if let from = filters.createdFrom { parts.append("\(raw: c).created_at >= \(.date(from))") }
        if let before = filters.createdBefore { parts.append("\(raw: c).created_at < \(.date(before))") }
        if let metadata = filters.metadata, !metadata.isEmpty {
            let conditions = MemoryRows.metadataMatches(metadata, alias: "m", dialect: dialect)
            parts.append("""
                EXISTS (SELECT 1 FROM memories m WHERE m.org_id = \(raw: c).org_id AND m.id = \(raw: c).memory_id AND \(conditions))
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
