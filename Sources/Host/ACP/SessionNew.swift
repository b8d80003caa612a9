import JSON
import RPC
import Runtime
import Store

/// ACP `session/new {cwd, mcpServers}`: one of our sessions (its id is the
/// runs' `session_key`), working in `cwd`, with the editor's MCP servers
/// started for it. The folder and servers are stored for `session/load`;
/// the scope is the configuration's (`AGENT_ORG_ID`…).
enum SessionNew: HostMethod {
    static let name = "session/new"
    static let summary = "Agent Client Protocol: opens a session working in cwd, with the editor's MCP servers started for it."

    struct Params: Decodable, Sendable {
        var cwd: String
        var mcpServers: [JSONValue]?
    }

    struct Result: Encodable, Sendable {
        var sessionId: String
    }

    static let paramsSchema = Schema.object(["cwd": ACPSchemas.cwd, "mcpServers": ACPSchemas.mcpServers],
                                            required: ["cwd"], additional: true)
    static let resultSchema = Schema.object(["sessionId": ACPSchemas.sessionID], required: ["sessionId"], additional: true)
    static let example = Result(sessionId: "sess_01M8K4FP46WTNAGA4BE118TSZ4")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(nil)
        let engine = try await context.runtime()
        let cwd = try ACPSessionSetup.workingFolder(p.cwd, engine: engine)
        let list = p.mcpServers ?? []
        let servers = try ACPSessionSetup.servers(list, cwd: cwd, config: engine.config)
        let id = Identifier.make(prefix: "sess_")
        try await engine.sessions.save(id, cwd: cwd, mcpServers: ACPSessionSetup.storable(list), in: scope)
        try ACPSessionSetup.open(id, scope: scope, cwd: cwd, servers: servers, engine: engine, context)
        context.logger.info("acp session opened", metadata: ["session": .string(id), "cwd": .string(cwd), "mcp_servers": .stringConvertible(servers.count)])
        return Result(sessionId: id)
    }
}
