import JSON
import Memory
import Runtime

/// `memory/list`: newest first, with a cursor.
enum MemoryList: HostMethod {
    static let name = "memory/list"
    static let summary = "Lists memories the caller can see, newest first, optionally of one tier; pages by cursor."

    struct Params: Decodable, Sendable, Scoped {
        var tier: MemoryTier?
        var limit: Int?
        var cursor: String?
        var scope: ScopeParams?
    }

    typealias Result = MemoryPageView

    static let paramsSchema = Schema.object([
        "tier": MemorySchemas.tier, "limit": Schema.integer(minimum: 1, maximum: 100), "cursor": Schema.string(minLength: 1, maxLength: 128),
        "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object([
        "memories": Schema.array(MemorySchemas.memory), "next_cursor": Schema.nullable(Schema.string()),
    ], required: ["memories", "next_cursor"])
    static let example = Result(memories: [MemoryExamples.memory], nextCursor: nil)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let page = try await context.runtime().memory.list(in: try await context.scope(of: p), tier: p.tier, limit: p.limit ?? 20, cursor: p.cursor)
        let memories = page.items.map { MemoryView($0) }
        // A page that would not fit one line is shortened and goes on from its last memory.
        let kept = try context.host.pageFit.count(memories)
        guard kept < memories.count else { return Result(memories: memories, nextCursor: page.next) }
        return Result(memories: Array(memories.prefix(kept)), nextCursor: page.items[kept - 1].cursor)
    }
}
