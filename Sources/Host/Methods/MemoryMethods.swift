import RPC
import Runtime

/// `memory/write`: chunks, embeds and stores a document or fact in one transaction.
enum MemoryWrite: RPCMethod {
    static let name = "memory/write"
    static let summary = "Stores a memory: the content is chunked (Markdown-aware), embedded and written with its chunks in one transaction. Content is at most 1,000,000 bytes."
    struct Params: Codable, Sendable {
        var tier: String
        var content: String
        var title: String?
        var uri: String?
        var metadata: JSONValue?
        var roleID: String?
        var groupID: String?
        var importance: Double?
        var sourceType: String?
        var sourceKey: String?
        var embedding: [Double]?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case tier, content, title, uri, metadata, importance, embedding, scope
            case roleID = "role_id", groupID = "group_id", sourceType = "source_type", sourceKey = "source_key"
        }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "tier": MemorySchemas.tier,
        "content": Schema.string(minLength: 1, description: "The text or Markdown; at most limits.memoryContentBytes (1,000,000) bytes of UTF-8; more is -32011."),
        "title": Schema.string(maxLength: 512),
        "uri": Schema.string(maxLength: 2048),
        "metadata": Schema.map(Schema.any),
        "role_id": MemorySchemas.id,
        "group_id": MemorySchemas.id,
        "importance": Schema.number(minimum: 0, maximum: 1),
        "source_type": Schema.string(minLength: 1, maxLength: 512),
        "source_key": Schema.string(minLength: 1, maxLength: 512, description: "With source_type: a later write with the same pair replaces this memory."),
        "embedding": Schema.array(Schema.number(), minItems: 1, maxItems: 8192),
        "scope": ScopeParams.schema,
    ], required: ["tier", "content"])
    static let resultSchema = MemorySchemas.memory
}

/// `memory/search`: hybrid retrieval.
enum MemorySearch: RPCMethod {
    static let name = "memory/search"
    static let summary = "Searches memory: full text and vectors fused with reciprocal rank fusion (mode hybrid), or one of them (text, vector), filtered by tier, role, group, time and metadata."
    struct Filters: Codable, Sendable {
        var roleID: String?
        var groupID: String?
        var createdFrom: String?
        var createdBefore: String?
        var metadata: [String: JSONValue]?
        enum CodingKeys: String, CodingKey {
            case metadata, roleID = "role_id", groupID = "group_id", createdFrom = "created_from", createdBefore = "created_before"
        }
    }
    struct Params: Codable, Sendable {
        var query: String
        var tiers: [String]?
        var k: Int?
        var mode: String?
        var filters: Filters?
        var vector: [Double]?
        var scope: ScopeParams?
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "query": Schema.string(minLength: 1, maxLength: 4096),
        "tiers": Schema.array(MemorySchemas.tier, minItems: 1, maxItems: 3),
        "k": Schema.integer(minimum: 1, maximum: 100, description: "Hits to return (default 8)."),
        "mode": Schema.oneOf(strings: ["hybrid", "text", "vector"]),
        "filters": Schema.object([
            "role_id": MemorySchemas.id, "group_id": MemorySchemas.id,
            "created_from": Schema.timestamp, "created_before": Schema.timestamp,
            "metadata": Schema.map(Schema.anyOf([Schema.string(), Schema.number(), Schema.boolean])),
        ]),
        "vector": Schema.array(Schema.number(), minItems: 1, maxItems: 8192),
        "scope": ScopeParams.schema,
    ], required: ["query"])
    static let resultSchema = Schema.object([
        "hits": Schema.array(MemorySchemas.hit), "mode": Schema.oneOf(strings: ["hybrid", "text", "vector"]),
        "embedder": Schema.nullable(Schema.string()), "k": Schema.integer(minimum: 1),
    ], required: ["hits", "mode", "embedder", "k"])
}

/// `memory/get`.
enum MemoryGet: RPCMethod {
    static let name = "memory/get"
    static let summary = "Returns one memory with its whole text."
    struct Params: Codable, Sendable {
        var id: String
        var scope: ScopeParams?
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["id": MemorySchemas.memoryID, "scope": ScopeParams.schema], required: ["id"])
    static let resultSchema = MemorySchemas.memory
}

/// `memory/list`: newest first, with a cursor.
enum MemoryList: RPCMethod {
    static let name = "memory/list"
    static let summary = "Lists memories the caller can see, newest first, optionally of one tier; pages by cursor."
    struct Params: Codable, Sendable {
        var tier: String?
        var limit: Int?
        var cursor: String?
        var scope: ScopeParams?
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "tier": MemorySchemas.tier, "limit": Schema.integer(minimum: 1, maximum: 100), "cursor": Schema.string(minLength: 1, maxLength: 128),
        "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object([
        "memories": Schema.array(MemorySchemas.memory), "next_cursor": Schema.nullable(Schema.string()),
    ], required: ["memories", "next_cursor"])
}

/// `memory/delete`.
enum MemoryDelete: RPCMethod {
    static let name = "memory/delete"
    static let summary = "Deletes one memory and its chunks."
    typealias Params = MemoryGet.Params
    typealias Result = JSONValue
    static let paramsSchema = MemoryGet.paramsSchema
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "id": Schema.string()], required: ["deleted", "id"])
}

/// `memory/core/get`: the core blocks a run would see.
enum MemoryCoreGet: RPCMethod {
    static let name = "memory/core/get"
    static let summary = "Returns the core memory blocks of the caller's scope: those for every role and, with role_id, that role's own."
    struct Params: Codable, Sendable {
        var roleID: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, roleID = "role_id" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["role_id": MemorySchemas.id, "scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["blocks": Schema.array(MemorySchemas.block)], required: ["blocks"])
}

/// `memory/core/set`: writes a core block.
enum MemoryCoreSet: RPCMethod {
    static let name = "memory/core/set"
    static let summary = "Sets a core memory block's content (creating it); a block holds at most 2,000 characters."
    struct Params: Codable, Sendable {
        var label: String
        var content: String
        var roleID: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case label, content, scope, roleID = "role_id" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "label": MemorySchemas.label, "content": Schema.string(maxLength: 8000), "role_id": MemorySchemas.id, "scope": ScopeParams.schema,
    ], required: ["label", "content"])
    static let resultSchema = MemorySchemas.block
}
