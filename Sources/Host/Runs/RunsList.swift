import Foundation
import JSON
import RPC
import Runtime
import Store

/// `runs/list`: newest first, with a cursor.
enum RunsList: HostMethod {
    static let name = "runs/list"
    static let summary = "Lists runs of the caller's scope, newest first, filtered by status, session and creation time; pages by cursor."

    struct Params: Decodable, Sendable, Scoped {
        var status: [RunStatus]?
        var sessionKey: String?
        var createdFrom: String?
        var createdBefore: String?
        var limit: Int?
        var cursor: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case status, limit, cursor, scope
            case sessionKey = "session_key", createdFrom = "created_from", createdBefore = "created_before"
        }
    }

    struct Result: Encodable, Sendable {
        var runs: [RunView]
        var nextCursor: String?
        enum CodingKeys: String, CodingKey { case runs, nextCursor = "next_cursor" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(runs, forKey: .runs)
            try c.encode(nextCursor, forKey: .nextCursor)
        }
    }

    static let paramsSchema = Schema.object([
        "status": Schema.array(RunSchemas.status, minItems: 1, maxItems: 6),
        "session_key": RunSchemas.sessionKey,
        "created_from": Schema.timestamp,
        "created_before": Schema.timestamp,
        "limit": Schema.integer(minimum: 1, maximum: 100),
        "cursor": Schema.string(minLength: 1, maxLength: 256),
        "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object([
        "runs": Schema.array(RunSchemas.run), "next_cursor": Schema.nullable(Schema.string()),
    ], required: ["runs", "next_cursor"])
    static let example = Result(runs: [RunSchemas.exampleRun], nextCursor: nil)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        var cursor: RunCursor?
        if let text = p.cursor {
            guard let parsed = RunCursor(text) else { throw RuntimeError.invalid("params.cursor is not a cursor from runs/list", path: "params.cursor") }
            cursor = parsed
        }
        let filter = RunFilter(statuses: p.status, sessionKey: p.sessionKey,
                               createdFrom: p.createdFrom.flatMap(ISO8601.parse), createdBefore: p.createdBefore.flatMap(ISO8601.parse))
        let page = try await context.runtime().runs.list(in: scope, filter: filter, limit: p.limit ?? 20, cursor: cursor)
        // A page that would not fit one line is shortened and goes on from its last run.
        let kept = try context.host.pageFit.count(page.runs.map { RunView($0) })
        guard kept < page.runs.count, let last = page.runs.prefix(kept).last else {
            return Result(runs: page.runs.map { RunView($0) }, nextCursor: page.nextCursor?.description)
        }
        return Result(runs: page.runs.prefix(kept).map { RunView($0) }, nextCursor: RunCursor(createdAt: last.createdAt, id: last.id).description)
    }
}

/// `sessions/runs`: a session's runs by page, as the seed's route.
enum SessionsRuns: HostMethod {
    static let name = "sessions/runs"
    static let summary = "Lists a session's runs, newest first, by page number."

    struct Params: Decodable, Sendable, Scoped {
        var sessionKey: String
        var page: Int?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case page, limit, scope, sessionKey = "session_key" }
    }

    struct Result: Encodable, Sendable {
        var runs: [RunView]
        var total: Int
        var page: Int
        var limit: Int
    }

    static let paramsSchema = Schema.object([
        "session_key": RunSchemas.sessionKey,
        "page": Schema.integer(minimum: 1, maximum: 10_000),
        "limit": Schema.integer(minimum: 1, maximum: 100),
        "scope": ScopeParams.schema,
    ], required: ["session_key"])
    static let resultSchema = Schema.object([
        "runs": Schema.array(RunSchemas.run), "total": Schema.integer(minimum: 0),
        "page": Schema.integer(minimum: 1), "limit": Schema.integer(minimum: 1),
    ], required: ["runs", "total", "page", "limit"])
    static let example = Result(runs: [RunSchemas.exampleRun], total: 1, page: 1, limit: 20)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let page = p.page ?? 1, limit = p.limit ?? 20
        let result = try await context.runtime().runs.sessionRuns(p.sessionKey, in: scope, page: page, limit: limit)
        return Result(runs: result.runs.map { RunView($0) }, total: result.total, page: page, limit: limit)
    }
}
