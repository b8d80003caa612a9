import Foundation
import JSON
import Store

extension MemoryItem: RowDecodable {
    /// A memory (alias `m`) with its chunks counted.
    static let columns = """
        m.org_id, m.project_id, m.id, m.user_id, m.tier, m.title, m.uri, m.text, m.metadata, m.importance, m.role_id, m.group_id,
        m.source_type, m.source_key, m.created_at, m.updated_at,
        (SELECT count(*) FROM memory_chunks c WHERE c.org_id = m.org_id AND c.memory_id = m.id) AS chunk_count
        """

    public init(row: Row) throws {
        let metadataText = try row.string("metadata")
        let owner = try Scope(orgID: try row.string("org_id"), userID: try row.string("user_id"), projectID: try row.string("project_id"))
        self.init(
            id: try row.string("id"), scope: owner, tier: MemoryTier(rawValue: try row.string("tier")) ?? .archival,
            title: row.optionalString("title"), uri: row.optionalString("uri"), text: try row.string("text"),
            metadata: (try? JSONParser.parse(metadataText)) ?? .object([:]), importance: try row.double("importance"),
            roleID: row.optionalString("role_id"), groupID: row.optionalString("group_id"),
            sourceType: row.optionalString("source_type"), sourceKey: row.optionalString("source_key"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), chunkCount: try row.int("chunk_count"))
    }
}
