import Foundation
import JSON
import Store

/// One stored memory: a document, a fact or a run summary, with its chunks
/// counted. `text` is the whole content as written; search hits point into
/// its chunks.
public struct MemoryItem: Sendable, Equatable {
    public var id: String
    public var scope: Scope
    public var tier: MemoryTier
    public var title: String?
    public var uri: String?
    public var text: String
    public var metadata: JSONValue
    public var importance: Double
    public var roleID: String?
    public var groupID: String?
    public var sourceType: String?
    public var sourceKey: String?
    public var createdAt: Date
    public var updatedAt: Date
    public var chunkCount: Int

    /// Where a newest-first `memory/list` page ending with this memory goes on.
    public var cursor: String { "\(Timestamp.milliseconds(createdAt)).\(id)" }
}

/// What `MemoryStore.write` stores: the content is chunked and embedded, and
/// the memory and its chunks are inserted in one transaction.
public struct NewMemory: Sendable, Equatable {
    public var tier: MemoryTier
    public var content: String
    public var title: String?
    public var uri: String?
    /// A JSON object (`{}` when nil).
    public var metadata: JSONValue?
    public var importance: Double?
    public var roleID: String?
    public var groupID: String?
    /// With `sourceKey`, identifies the document across writes: a second
    /// write with the same pair replaces the first (ingestion re-syncs, run
    /// summaries of a resumed run).
    public var sourceType: String?
    public var sourceKey: String?
    /// A caller-supplied embedding, for content that fits one chunk; it must
    /// have the embedder's dimension.
    public var embedding: [Float]?
    /// Chunk sizes for this write (a connector's `chunking`); nil uses the store's.
    public var chunking: ChunkingOptions?
    /// Readable by every user of the (org, project), whatever its tier: only
    /// blackboard entries are (`BlackboardMemory` sets it). Archival memory is
    /// shared by its tier; everything else is private to its user.
    var shared = false

    public init(tier: MemoryTier, content: String, title: String? = nil, uri: String? = nil, metadata: JSONValue? = nil,
                importance: Double? = nil, roleID: String? = nil, groupID: String? = nil,
                sourceType: String? = nil, sourceKey: String? = nil, embedding: [Float]? = nil) {
        self.tier = tier
        self.content = content
        self.title = title
        self.uri = uri
        self.metadata = metadata
        self.importance = importance
        self.roleID = roleID
        self.groupID = groupID
        self.sourceType = sourceType
        self.sourceKey = sourceKey
        self.embedding = embedding
    }
}
