import JSON
import Memory
import Runtime
import Store

/// `memory/write`: chunks, embeds and stores a document or fact in one transaction.
enum MemoryWrite: HostMethod {
    static let name = "memory/write"
    static let summary = "Stores a memory: the content is chunked (Markdown-aware), embedded and written with its chunks in one transaction. Content is at most 1,000,000 bytes."

    struct Params: Decodable, Sendable, Scoped {
        var tier: MemoryTier
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

    /// The memory as stored, without its text.
    typealias Result = MemoryView

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
    static let example: Result = {
        var written = MemoryExamples.memory
        written.text = nil
        return written
    }()

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        // Blackboard entries are memories too, but only blackboard/write keeps their group and refs right.
        if p.sourceType == BlackboardRepository.sourceType {
            throw RuntimeError.invalid("source_type '\(BlackboardRepository.sourceType)' is reserved for blackboard/write", path: "params.source_type")
        }
        let scope = try await context.scope(of: p)
        let new = NewMemory(tier: p.tier, content: p.content, title: p.title, uri: p.uri, metadata: p.metadata, importance: p.importance,
                            roleID: p.roleID, groupID: p.groupID, sourceType: p.sourceType, sourceKey: p.sourceKey,
                            embedding: p.embedding.map { $0.map(Float.init) })
        return MemoryView(try await context.runtime().memory.write(new, in: scope), includeText: false)
    }
}
