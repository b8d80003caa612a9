/// What the MCP client accepts from any server (config keys `mcp.*`): the
/// longest line it reads from a server's stdout. The same for every
/// server; `Config` gives each `MCPServerConfig` a copy.
public struct MCPClientLimits: Sendable, Equatable {
    /// `mcp.maxLineBytes`: a longer answer fails its call at once ("answer
    /// of N bytes exceeds the limit of L bytes").
    public var maxLineBytes = 16 << 20

    public init() {}

    public init(config: Config) {
        func read(_ key: String, _ fallback: Int) -> Int { config.int(key).map(Int.init) ?? fallback }
        maxLineBytes = read("mcp.maxLineBytes", maxLineBytes)
    }
}
