import Foundation
import JSON

/// A search hit as `memory/search` shows it: the best chunk of one memory,
/// its fused score and where each component ranked it. `title` is always
/// there (null when the memory has none); a component that did not find
/// the chunk is left out of `components`.
public struct SearchHitView: Encodable, Sendable, Equatable {
    public struct Component: Encodable, Sendable, Equatable {
        public var rank: Int
        public var score: Double

        public init(rank: Int, score: Double) {
            self.rank = rank
            self.score = score
        }
    }

    public struct Components: Encodable, Sendable, Equatable {
        public var text: Component?
        public var vector: Component?

        public init(text: Component? = nil, vector: Component? = nil) {
            self.text = text
            self.vector = vector
        }
    }

    /// The chunk's id.
    public var id: String
    public var memoryID: String
    public var tier: MemoryTier
    public var title: String?
    public var snippet: String
    public var chunkIndex: Int
    public var createdAt: String
    public var score: Double
    public var components: Components

    public init(_ hit: SearchHit) {
        id = hit.id
        memoryID = hit.memoryID
        tier = hit.tier
        title = hit.title
        snippet = hit.snippet
        chunkIndex = hit.chunkIndex
        createdAt = ISO8601.format(hit.createdAt)
        score = hit.score
        components = Components(text: hit.text.map { Component(rank: $0.rank, score: $0.score) },
                                vector: hit.vector.map { Component(rank: $0.rank, score: $0.score) })
    }

    /// A hit as written out field by field (examples, tests).
    public init(id: String, memoryID: String, tier: MemoryTier, title: String?, snippet: String, chunkIndex: Int, createdAt: String,
                score: Double, components: Components) {
        self.id = id
        self.memoryID = memoryID
        self.tier = tier
        self.title = title
        self.snippet = snippet
        self.chunkIndex = chunkIndex
        self.createdAt = createdAt
        self.score = score
        self.components = components
    }

    enum CodingKeys: String, CodingKey {
        case id, tier, title, snippet, score, components
        case memoryID = "memory_id", chunkIndex = "chunk_index", createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(memoryID, forKey: .memoryID)
        try c.encode(tier, forKey: .tier)
        try c.encode(title, forKey: .title)
        try c.encode(snippet, forKey: .snippet)
        try c.encode(chunkIndex, forKey: .chunkIndex)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(score, forKey: .score)
        try c.encode(components, forKey: .components)
    }
}
