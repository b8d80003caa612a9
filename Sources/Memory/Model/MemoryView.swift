import Foundation
import JSON

/// A memory as `memory/write`, `memory/get`, `memory/list` and the memory
/// tools show it. Optional fields are left out when empty; `text` is there
/// only where the whole memory is asked for (not on `memory/write`).
public struct MemoryView: Encodable, Sendable, Equatable {
    public var id: String
    public var tier: MemoryTier
    public var title: String?
    public var uri: String?
    public var text: String?
    public var metadata: JSONValue
    public var importance: Double
    public var roleID: String?
    public var groupID: String?
    public var userID: String
    public var sourceType: String?
    public var sourceKey: String?
    public var chunkCount: Int
    public var createdAt: String
    public var updatedAt: String

    public init(_ item: MemoryItem, includeText: Bool = true) {
        id = item.id
        tier = item.tier
        title = item.title
        uri = item.uri
        text = includeText ? item.text : nil
        metadata = item.metadata
        importance = item.importance
        roleID = item.roleID
        groupID = item.groupID
        userID = item.scope.userID
        sourceType = item.sourceType
        sourceKey = item.sourceKey
        chunkCount = item.chunkCount
        createdAt = ISO8601.format(item.createdAt)
        updatedAt = ISO8601.format(item.updatedAt)
    }

    /// A memory as written out field by field (examples, tests).
    public init(id: String, tier: MemoryTier, title: String? = nil, uri: String? = nil, text: String? = nil, metadata: JSONValue = [:],
                importance: Double = 0.5, roleID: String? = nil, groupID: String? = nil, userID: String, sourceType: String? = nil,
                sourceKey: String? = nil, chunkCount: Int, createdAt: String, updatedAt: String) {
        self.id = id
        self.tier = tier
        self.title = title
        self.uri = uri
        self.text = text
        self.metadata = metadata
        self.importance = importance
        self.roleID = roleID
        self.groupID = groupID
        self.userID = userID
        self.sourceType = sourceType
        self.sourceKey = sourceKey
        self.chunkCount = chunkCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    // The synthesized encoding leaves nil fields out, as the schema allows.
    enum CodingKeys: String, CodingKey {
        case id, tier, title, uri, text, metadata, importance
        case roleID = "role_id", groupID = "group_id", userID = "user_id", sourceType = "source_type", sourceKey = "source_key"
        case chunkCount = "chunk_count", createdAt = "created_at", updatedAt = "updated_at"
    }
}

/// A page of memories, newest first, as `memory/list` and `memory_list`
/// give it; `next_cursor` is null on the last page.
public struct MemoryPageView: Encodable, Sendable, Equatable {
    public var memories: [MemoryView]
    public var nextCursor: String?

    public init(memories: [MemoryView], nextCursor: String?) {
        self.memories = memories
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey { case memories, nextCursor = "next_cursor" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(memories, forKey: .memories)
        try c.encode(nextCursor, forKey: .nextCursor)
    }
}
