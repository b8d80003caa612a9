import Foundation
import JSON

/// One result of a search: the best chunk of one memory, its fused score,
/// and where it ranked in each component that found it.
public struct SearchHit: Sendable, Equatable {
    /// A rank (1 = best) and the component's own score: BM25 for text,
    /// cosine similarity for vectors.
    public struct Component: Sendable, Equatable {
        public var rank: Int
        public var score: Double
    }

    /// The chunk's id.
    public var id: String
    public var memoryID: String
    public var tier: MemoryTier
    public var title: String?
    public var snippet: String
    public var chunkIndex: Int
    public var createdAt: Date
    /// Reciprocal rank fusion: the sum over components of 1 / (60 + rank).
    public var score: Double
    public var text: Component?
    public var vector: Component?

    public var json: JSONValue {
        var components: [String: JSONValue] = [:]
        if let text { components["text"] = ["rank": .int(Int64(text.rank)), "score": .double(text.score)] }
        if let vector { components["vector"] = ["rank": .int(Int64(vector.rank)), "score": .double(vector.score)] }
        var o: [String: JSONValue] = [
            "id": .string(id), "memory_id": .string(memoryID), "tier": .string(tier.rawValue), "snippet": .string(snippet),
            "score": .double(score), "components": .object(components), "chunk_index": .int(Int64(chunkIndex)),
            "created_at": .string(ISO8601.format(createdAt)),
        ]
        o["title"] = title.map(JSONValue.string) ?? .null
        return .object(o)
    }
}

/// The hits of a search and how they were found.
public struct SearchResult: Sendable, Equatable {
    public var hits: [SearchHit]
    public var mode: SearchRequest.Mode
    /// The embedder whose vectors were compared (nil in text mode).
    public var embedder: String?
    /// How many chunks each component considered.
    public var textCandidates: Int
    public var vectorCandidates: Int
}
