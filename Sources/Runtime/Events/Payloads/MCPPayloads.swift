import JSON

/// `mcp.tools.refreshed`: an MCP server's tool list changed (it said so, or
/// it came back from a restart with other tools); recorded in every running
/// run that can call that server's tools.
public struct MCPToolsRefreshedPayload: EventPayload {
    public static let type = EventType.mcpToolsRefreshed
    public var server: String
    public var toolCount: Int
    /// Registry names (`server__tool`).
    public var added: [String]
    public var removed: [String]
    /// `list_changed` or `restart`.
    public var reason: String

    enum CodingKeys: String, CodingKey { case server, toolCount = "tool_count", added, removed, reason }

    public static let example = MCPToolsRefreshedPayload(server: "files", toolCount: 4, added: ["files__search"], removed: [], reason: "list_changed")
}

/// `mcp.server.restarted`: an MCP server that crashed is ready again.
public struct MCPServerRestartedPayload: EventPayload {
    public static let type = EventType.mcpServerRestarted
    public var server: String
    /// How often it has been relaunched since the host started.
    public var restarts: Int

    public static let example = MCPServerRestartedPayload(server: "files", restarts: 1)
}
