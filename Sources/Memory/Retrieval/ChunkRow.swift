import Foundation
import Store

/// A chunk as a search component found it, with the component's score.
struct ChunkRow: Sendable {
    var id: String
    var memoryID: String
    var tier: MemoryTier
    var title: String?
    var content: String
    var chunkIndex: Int
    var createdAt: Date
    var score: Double
}

extension ChunkRow: RowDecodable {
    /// The columns every component selects (chunks `c`). Titles are read
    /// afterwards for the final hits only: joining `memories` for every
    /// candidate costs an index probe per row (hundreds per search).
    static let columns = "c.id, c.memory_id, c.tier, c.content, c.chunk_index, c.created_at"

    /// The chunk with a score of 0: the component that found it scores it.
    init(row: Row) throws {
        id = try row.string("id")
        memoryID = try row.string("memory_id")
        tier = MemoryTier(rawValue: try row.string("tier")) ?? .archival
        title = nil
        content = try row.string("content")
        chunkIndex = try row.int("chunk_index")
        createdAt = try row.date("created_at")
        score = 0
    }
}
