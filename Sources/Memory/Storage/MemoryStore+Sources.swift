import Foundation
import JSON
import Store

extension MemoryStore {
    /// The memory written for (`sourceType`, `sourceKey`) in what `scope`
    /// sees, if any (an ingestion compares its stored revision).
    public func find(sourceType: String, sourceKey: String, in scope: Scope) async throws -> MemoryItem? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst(
                """
                SELECT \(raw: MemoryItem.columns) FROM memories m
                WHERE \(MemoryRows.visible(scope)) AND m.source_type = \(.text(sourceType)) AND m.source_key = \(.text(sourceKey))
                ORDER BY m.created_at DESC LIMIT 1
                """, as: MemoryItem.self)
        }
    }

    /// Every memory of `sourceType` that `scope` sees, as (id, source key,
    /// metadata): what an ingestion compares with the documents it found.
    public func sources(ofType sourceType: String, in scope: Scope) async throws -> [(id: String, key: String, metadata: JSONValue)] {
        let rows = try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                """
                SELECT m.id, m.source_key, m.metadata FROM memories m
                WHERE \(MemoryRows.visible(scope)) AND m.source_type = \(.text(sourceType)) ORDER BY m.id
                """)
        }
        return rows.compactMap { row in
            guard let id = row.optionalString("id"), let key = row.optionalString("source_key") else { return nil }
            return (id, key, row.optionalString("metadata").flatMap { try? JSONParser.parse($0) } ?? [:])
        }
    }
}
