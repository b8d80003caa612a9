import JSON

/// Where a configured MCP server is in its life.
public enum MCPServerState: String, Sendable, Codable, CaseIterable {
    /// First launch: spawning, `initialize`, first `tools/list`.
    case starting
    /// Initialized and listed; its tools are callable.
    case ready
    /// It crashed or failed to start; waiting out the backoff or relaunching.
    case restarting
    /// Given up on (a permanent error, or too many failures in a row).
    case failed
    /// Shut down with the host.
    case stopped
}

/// A snapshot of one server for `mcp/servers/list`.
public struct MCPServerStatus: Sendable, Equatable {
    public var name: String
    public var command: String
    public var state: MCPServerState
    public var protocolVersion: String?
    /// Registry names (`server__tool`) of the tools it currently provides.
    public var tools: [String]
    /// How many times it was relaunched after a crash or a failed start.
    public var restarts: Int
    public var lastError: String?
    public var pid: Int32?
    public var serverInfo: JSONValue?

    public init(name: String, command: String, state: MCPServerState, protocolVersion: String? = nil, tools: [String] = [],
                restarts: Int = 0, lastError: String? = nil, pid: Int32? = nil, serverInfo: JSONValue? = nil) {
        self.name = name
        self.command = command
        self.state = state
        self.protocolVersion = protocolVersion
        self.tools = tools
        self.restarts = restarts
        self.lastError = lastError
        self.pid = pid
        self.serverInfo = serverInfo
    }
}

/// What a re-listing changed, for the `mcp.tools.refreshed` record.
public struct MCPToolsRefresh: Sendable, Equatable {
    public var server: String
    public var toolCount: Int
    /// Registry names that appeared and disappeared.
    public var added: [String]
    public var removed: [String]
    /// `list_changed` (the server said so) or `restart` (listed after a relaunch).
    public var reason: String

    public var json: JSONValue {
        ["server": .string(server), "tool_count": .int(Int64(toolCount)), "added": .array(added.map(JSONValue.string)),
         "removed": .array(removed.map(JSONValue.string)), "reason": .string(reason)]
    }
}

/// How a crashed server is relaunched: the delay doubles per failure in a
/// row (crashes and failed starts) from `initial` up to `cap`; a server
/// that ran `stableAfter` starts over; `maxFailures` starts in a row that
/// never reached ready mark it failed for good.
public struct MCPRestartPolicy: Sendable {
    public var initial: Duration = .milliseconds(500)
    public var cap: Duration = .seconds(30)
    public var stableAfter: Duration = .seconds(60)
    public var maxFailures = 5

    public init() {}

    func delay(afterFailures failures: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, failures) where delay < cap { delay = delay * 2 }
        return min(delay, cap)
    }
}
