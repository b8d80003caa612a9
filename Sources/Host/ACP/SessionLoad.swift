import JSON
import RPC
import Runtime
import Store

/// ACP `session/load {sessionId, cwd, mcpServers}`: brings back a session
/// made by `session/new` (on this connection or an earlier one) — its
/// servers start again and its whole history is replayed as
/// `session/update`s (the user's inputs, the answers, the tool calls) before
/// the answer. Servers the editor names replace the stored ones; with none,
/// the stored ones start (without their environment values, which are
/// never stored).
enum SessionLoad: HostMethod {
    static let name = "session/load"
    static let summary = "Agent Client Protocol: reopens a stored session and replays its history as session/update notifications."

    struct Params: Decodable, Sendable {
        var sessionId: String
        var cwd: String?
        var mcpServers: [JSONValue]?
    }

    typealias Result = EmptyResult

    static let paramsSchema = Schema.object(["sessionId": ACPSchemas.sessionID, "cwd": ACPSchemas.cwd, "mcpServers": ACPSchemas.mcpServers],
                                            required: ["sessionId"], additional: true)
    static let resultSchema = Schema.object([:], additional: true)
    static let example = EmptyResult()

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(nil)
        let engine = try await context.runtime()
        guard let stored = try await engine.sessions.get(p.sessionId, in: scope) else {
            throw RPCError(code: .notFound, message: "no session \(p.sessionId) in this scope", data: ["path": "params.sessionId"])
        }
        let cwd = try ACPSessionSetup.workingFolder(p.cwd ?? stored.cwd, engine: engine)
        var list = p.mcpServers ?? []
        if list.isEmpty, let saved = try? JSONParser.parse(Array(stored.mcpServers.utf8)).arrayValue { list = saved }
        let servers = try ACPSessionSetup.servers(list, cwd: cwd, config: engine.config)
        try await engine.sessions.save(p.sessionId, cwd: cwd, mcpServers: ACPSessionSetup.storable(list), in: scope)
        try ACPSessionSetup.open(p.sessionId, scope: scope, cwd: cwd, servers: servers, engine: engine, context)
        try await replay(p.sessionId, scope: scope, cwd: cwd, engine: engine, connection: context.request.connection)
        return EmptyResult()
    }

    /// Every run of the session, oldest first, as the updates a live prompt
    /// sent — plus each run's input as a `user_message_chunk`.
    static func replay(_ sessionID: String, scope: Scope, cwd: String, engine: Engine, connection: RPCConnection) async throws {
        var runs: [Run] = []
        var page = 1
        while true {
            let batch = try await engine.runs.sessionRuns(sessionID, in: scope, page: page, limit: 100)
            runs += batch.runs
            if batch.runs.count < 100 || runs.count >= batch.total { break }
            page += 1
        }
        var updates = SessionUpdates(cwd: cwd, replay: true)
        for run in runs.reversed() where run.parentRunID == nil {
            var after: Int64 = 0
            while true {
                let page = try await engine.runs.events(run.id, in: scope, after: after, limit: 1000, types: [], includeTokens: true)
                for event in page.events {
                    for update in updates.updates(for: event) {
                        await connection.notify("session/update", params: ["sessionId": .string(sessionID), "update": update])
                    }
                }
                guard let next = page.next else { break }
                after = next
            }
        }
    }
}
