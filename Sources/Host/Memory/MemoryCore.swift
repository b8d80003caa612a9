import JSON
import Memory
import Runtime

/// `memory/core/get`: the core blocks a run would see.
enum MemoryCoreGet: HostMethod {
    static let name = "memory/core/get"
    static let summary = "Returns the core memory blocks of the caller's scope: those for every role and, with role_id, that role's own."

    struct Params: Decodable, Sendable, Scoped {
        var roleID: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, roleID = "role_id" }
    }

    struct Result: Encodable, Sendable {
        var blocks: [CoreBlockView]
        enum CodingKeys: String, CodingKey { case blocks }
    }

    static let paramsSchema = Schema.object(["role_id": MemorySchemas.id, "scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["blocks": Schema.array(MemorySchemas.block)], required: ["blocks"])
    static let example = Result(blocks: [MemoryExamples.block])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let blocks = try await context.runtime().memory.core.blocks(in: try await context.scope(of: p), roleID: p.roleID)
        return Result(blocks: blocks.map(CoreBlockView.init))
    }
}

/// `memory/core/set`: writes a core block.
enum MemoryCoreSet: HostMethod {
    static let name = "memory/core/set"
    static let summary = "Sets a core memory block's content (creating it); a block holds at most 2,000 characters."

    struct Params: Decodable, Sendable, Scoped {
        var label: String
        var content: String
        var roleID: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case label, content, scope, roleID = "role_id" }
    }

    typealias Result = CoreBlockView

    static let paramsSchema = Schema.object([
        "label": MemorySchemas.label, "content": Schema.string(maxLength: 8000), "role_id": MemorySchemas.id, "scope": ScopeParams.schema,
    ], required: ["label", "content"])
    static let resultSchema = MemorySchemas.block
    static let example = MemoryExamples.block

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        CoreBlockView(try await context.runtime().memory.core.set(p.label, content: p.content, roleID: p.roleID, in: try await context.scope(of: p)))
    }
}
