import Foundation
import JSON
import Store

/// SQL fragments shared by the memory statements.
enum MemoryRows {
    /// The scope's view of `memories` (alias `m`): its own private rows,
    /// plus archival and shared (blackboard) rows of its (org, project) — the
    /// same rule as the PostgreSQL policy.
    static func visible(_ scope: Scope) -> SQL {
        "\(.inProject(scope, alias: "m")) AND (m.user_id = \(.text(scope.userID)) OR m.tier = 'archival' OR m.shared)"
    }

    /// The embedding bound for a write: a float32 blob on SQLite, pgvector
    /// text cast to `vector` on PostgreSQL; NULL for no (or a zero) vector.
    static func embedding(_ vector: [Float]?, dialect: SQLDialect) -> SQL {
        let value: SQLValue
        if let vector, !VectorMath.isZero(vector) {
            value = dialect == .postgres ? .text(VectorMath.pgvectorLiteral(vector)) : .blob(VectorMath.blob(vector))
        } else {
            value = .null
        }
        return dialect == .postgres ? "\(value)::vector" : "\(value)"
    }

    /// `metadata @> {…}` on PostgreSQL, `json_extract` per key on SQLite:
    /// top-level keys equal to scalars.
    static func metadataMatches(_ pairs: [String: JSONValue], alias m: String, dialect: SQLDialect) -> SQL {
        switch dialect {
        case .postgres:
            return "\(raw: m).metadata @> \(.text(JSONValue.object(pairs).description))::jsonb"
        case .sqlite:
            return pairs.sorted { $0.key < $1.key }.map { key, value in
                "json_extract(\(raw: m).metadata, \(.text(ChunkFilter.jsonPath(key)))) = \(ChunkFilter.sqliteValue(value))"
            }.joined(separator: " AND ")
        }
    }
}
