import Foundation
import JSON
import Store

/// SQL fragments and row decoding shared by the memory statements.
enum MemoryRows {
    /// The scope's view of `memories` (alias `m`): its own private rows,
    /// plus archival and shared (blackboard) rows of its (org, project) — the
    /// same rule as the PostgreSQL policy. Binds $1 org, $2 project, $3 user.
    static let visible = "m.org_id = $1 AND m.project_id = $2 AND (m.user_id = $3 OR m.tier = 'archival' OR m.shared)"

    static func scopeParameters(_ scope: Scope) -> [SQLValue] {
        [.text(scope.orgID), .text(scope.projectKey), .text(scope.userID)]
    }

    static let columns = """
        m.id, m.user_id, m.tier, m.title, m.uri, m.text, m.metadata, m.importance, m.role_id, m.group_id,
        m.source_type, m.source_key, m.created_at, m.updated_at,
        (SELECT count(*) FROM memory_chunks c WHERE c.org_id = m.org_id AND c.memory_id = m.id) AS chunk_count
        """

    static func item(_ row: Row, scope: Scope) throws -> MemoryItem {
        let metadataText = try row.string("metadata")
        let owner = try Scope(orgID: scope.orgID, userID: try row.string("user_id"), projectID: scope.projectID)
        return MemoryItem(
            id: try row.string("id"), scope: owner, tier: MemoryTier(rawValue: try row.string("tier")) ?? .archival,
            title: row.optionalString("title"), uri: row.optionalString("uri"), text: try row.string("text"),
            metadata: (try? JSONParser.parse(metadataText)) ?? .object([:]), importance: try row.double("importance"),
            roleID: row.optionalString("role_id"), groupID: row.optionalString("group_id"),
            sourceType: row.optionalString("source_type"), sourceKey: row.optionalString("source_key"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), chunkCount: try row.int("chunk_count"))
    }

    /// The embedding parameter: a float32 blob on SQLite, pgvector text on PostgreSQL.
    static func embedding(_ vector: [Float]?, dialect: SQLDialect) -> SQLValue {
        guard let vector, !VectorMath.isZero(vector) else { return .null }
        switch dialect {
        case .sqlite: return .blob(VectorMath.blob(vector))
        case .postgres: return .text(VectorMath.pgvectorLiteral(vector))
        }
    }

    static func embeddingPlaceholder(_ n: Int, dialect: SQLDialect) -> String {
        dialect == .postgres ? "$\(n)::vector" : "$\(n)"
    }

    /// `metadata @> {…}` on PostgreSQL, `json_extract` per key on SQLite:
    /// top-level keys equal to scalars, appended as parameters.
    static func metadataMatches(_ pairs: [String: JSONValue], alias m: String, dialect: SQLDialect, parameters: inout [SQLValue]) -> String {
        switch dialect {
        case .postgres:
            parameters.append(.text(JSONValue.object(pairs).description))
            return "\(m).metadata @> $\(parameters.count)::jsonb"
        case .sqlite:
            return pairs.sorted { $0.key < $1.key }.map { key, value in
                parameters.append(.text(ChunkFilter.jsonPath(key)))
                parameters.append(ChunkFilter.sqliteValue(value))
                return "json_extract(\(m).metadata, $\(parameters.count - 1)) = $\(parameters.count)"
            }.joined(separator: " AND ")
        }
    }
}
