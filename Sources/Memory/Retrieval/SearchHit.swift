import Foundation

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
