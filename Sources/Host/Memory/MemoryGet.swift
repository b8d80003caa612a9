import JSON
import Memory
import Runtime

/// The params of methods that name one memory.
struct MemoryParams: Decodable, Sendable, Scoped {
    var id: String
    var scope: ScopeParams?

    static let schema = Schema.object(["id": MemorySchemas.memoryID, "scope": ScopeParams.schema], required: ["id"])
}

/// `memory/get`.
enum MemoryGet: HostMethod {
    static let name = "memory/get"
    static let summary = "Returns one memory with its whole text."
    typealias Params = MemoryParams
    typealias Result = MemoryView
    static let paramsSchema = MemoryParams.schema
    static let resultSchema = MemorySchemas.memory
    static let example = MemoryExamples.memory

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        MemoryView(try await context.runtime().memory.get(p.id, in: try await context.scope(of: p)))
    }
}

/// `memory/delete`.
enum MemoryDelete: HostMethod {
    static let name = "memory/delete"
    static let summary = "Deletes one memory and its chunks."
    typealias Params = MemoryParams

    struct Result: Encodable, Sendable {
        var deleted = true
        var id: String
        enum CodingKeys: String, CodingKey { case deleted, id }
    }

    static let paramsSchema = MemoryParams.schema
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "id": Schema.string()], required: ["deleted", "id"])
    static let example = Result(id: MemoryExamples.memory.id)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try await context.runtime().memory.delete(p.id, in: try await context.scope(of: p))
        return Result(id: p.id)
    }
}
