import JSON
import RPC
import Runtime

/// `tools/list`: every tool an agent of this process can call.
enum ToolsList: HostMethod {
    static let name = "tools/list"
    static let summary = "Lists the tools agents can call: built-ins, MCP servers' tools (named server__tool) and skills, with input schema, risk level and source."

    struct Params: Decodable, Sendable, Scoped {
        var scope: ScopeParams?
    }

    struct Result: Encodable, Sendable {
        var tools: [ToolView]
    }

    struct ToolView: Encodable, Sendable {
        var name: String
        var description: String
        var inputSchema: JSONValue
        var riskLevel: String
        var source: JSONValue

        enum CodingKeys: String, CodingKey {
            case name, description, source
            case inputSchema = "input_schema", riskLevel = "risk_level"
        }

        init(_ tool: any Tool) {
            name = tool.name
            description = tool.description
            inputSchema = tool.inputSchema
            riskLevel = tool.risk.rawValue
            source = tool.source.json
        }
    }

    static let paramsSchema = Schema.object(["scope": ScopeParams.schema])
    static let resultSchema = Schema.object([
        "tools": Schema.array(Schema.object([
            "name": Schema.string(minLength: 1),
            "description": Schema.string(),
            "input_schema": ["type": "object"],
            "risk_level": Schema.oneOf(strings: ["low", "medium", "high"]),
            "source": Schema.object([
                "kind": Schema.oneOf(strings: ["builtin", "mcp", "skill"]),
                "server": Schema.string(description: "The MCP server (kind mcp)."),
                "skill_id": Schema.string(description: "The skill (kind skill)."),
            ], required: ["kind"]),
        ], required: ["name", "description", "input_schema", "risk_level", "source"])),
    ], required: ["tools"])

    static let example = Result(tools: [ToolView(ReadFileTool())])

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        _ = try await context.scope(of: params)
        return Result(tools: context.host.tools.all.map(ToolView.init))
    }
}

/// `mcp/servers/list`: the configured MCP servers and how they are doing.
enum MCPServersList: HostMethod {
    static let name = "mcp/servers/list"
    static let summary = "Lists the configured MCP servers: state, negotiated protocol version, tools, restarts and last error."
    typealias Params = EmptyParams

    struct Result: Encodable, Sendable {
        var servers: [ServerView]
    }

    /// Every server has every field: absent values are written as null.
    struct ServerView: Encodable, Sendable {
        var status: MCPServerStatus

        enum CodingKeys: String, CodingKey {
            case name, command, state, tools, restarts, pid
            case protocolVersion = "protocol_version", toolCount = "tool_count", lastError = "last_error", serverInfo = "server_info"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(status.name, forKey: .name)
            try c.encode(status.command, forKey: .command)
            try c.encode(status.state.rawValue, forKey: .state)
            try c.encode(status.protocolVersion, forKey: .protocolVersion)
            try c.encode(status.tools.count, forKey: .toolCount)
            try c.encode(status.tools, forKey: .tools)
            try c.encode(status.restarts, forKey: .restarts)
            try c.encode(status.lastError, forKey: .lastError)
            try c.encode(status.pid, forKey: .pid)
            try c.encode(status.serverInfo, forKey: .serverInfo)
        }
    }

    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.object([
        "servers": Schema.array(Schema.object([
            "name": Schema.string(minLength: 1),
            "command": Schema.string(),
            "state": Schema.oneOf(strings: MCPServerState.allCases.map(\.rawValue)),
            "protocol_version": Schema.nullable(Schema.string()),
            "tool_count": Schema.integer(minimum: 0),
            "tools": Schema.array(Schema.string()),
            "restarts": Schema.integer(minimum: 0),
            "last_error": Schema.nullable(Schema.string()),
            "pid": Schema.nullable(Schema.integer(minimum: 1)),
            "server_info": Schema.nullable(Schema.map(Schema.any)),
        ], required: ["name", "command", "state", "protocol_version", "tool_count", "tools", "restarts", "last_error", "pid", "server_info"])),
    ], required: ["servers"])

    static let example = Result(servers: [ServerView(status: MCPServerStatus(
        name: "time", command: "mcp-server-time", state: .ready, protocolVersion: "2025-11-25", tools: ["time__get_current_time"],
        restarts: 0, lastError: nil, pid: 4242, serverInfo: ["name": "mcp-time", "version": "1.0.0"]))])

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        Result(servers: await context.host.mcp.statuses().map(ServerView.init))
    }
}
