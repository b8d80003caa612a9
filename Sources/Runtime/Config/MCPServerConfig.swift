import JSON

/// One stdio MCP server from `mcpServers` in the config file.
public struct MCPServerConfig: Sendable, Equatable {
    public var name: String
    public var command: String
    public var args: [String]
    public var env: [String: String]
    public var cwd: String?
    /// Per `tools/call`.
    public var timeoutMs: Int64
    /// For `initialize` and `tools/list`: interpreters can take seconds to start.
    public var startupTimeoutMs: Int64 = 30_000
    /// The `mcp.*` settings, which apply to every server.
    public var limits = MCPClientLimits()

    public init(name: String, command: String, args: [String] = [], env: [String: String] = [:], cwd: String? = nil,
                timeoutMs: Int64 = 30_000, startupTimeoutMs: Int64 = 30_000, limits: MCPClientLimits = MCPClientLimits()) {
        (self.name, self.command, self.args, self.env, self.cwd) = (name, command, args, env, cwd)
        (self.timeoutMs, self.startupTimeoutMs, self.limits) = (timeoutMs, startupTimeoutMs, limits)
    }

    static func parse(name: String, _ value: JSONValue) -> Result<MCPServerConfig, ConfigProblem> {
        guard case .object(let o) = value else { return .failure(.init("must be an object")) }
        let known: Set<String> = ["command", "args", "env", "cwd", "timeout", "timeoutMs", "startupTimeout"]
        if let unknown = o.keys.sorted().first(where: { !known.contains($0) }) {
            return .failure(.init("unknown field \(unknown)"))
        }
        guard let command = o["command"]?.stringValue, !command.isEmpty else {
            return .failure(.init("command must be a non-empty string"))
        }
        var args: [String] = []
        if let raw = o["args"] {
            guard let list = raw.arrayValue?.compactMap(\.stringValue), list.count == raw.arrayValue?.count else {
                return .failure(.init("args must be a list of strings"))
            }
            args = list
        }
        var env: [String: String] = [:]
        if let raw = o["env"] {
            guard let map = raw.objectValue else { return .failure(.init("env must be an object of strings")) }
            for (k, v) in map {
                guard let s = v.stringValue else { return .failure(.init("env.\(k) must be a string")) }
                env[k] = s
            }
        }
        var cwd: String?
        if let raw = o["cwd"] {
            guard let s = raw.stringValue else { return .failure(.init("cwd must be a string")) }
            cwd = s
        }
        var timeout: Int64 = 30_000
        if let raw = o["timeout"] ?? o["timeoutMs"] {
            guard let t = raw.intValue, t > 0, t <= 3_600_000 else {
                return .failure(.init("timeout must be milliseconds between 1 and 3600000"))
            }
            timeout = t
        }
        var startup: Int64 = 30_000
        if let raw = o["startupTimeout"] {
            guard let t = raw.intValue, t > 0, t <= 3_600_000 else {
                return .failure(.init("startupTimeout must be milliseconds between 1 and 3600000"))
            }
            startup = t
        }
        return .success(MCPServerConfig(name: name, command: command, args: args, env: env, cwd: cwd, timeoutMs: timeout, startupTimeoutMs: startup))
    }
}
