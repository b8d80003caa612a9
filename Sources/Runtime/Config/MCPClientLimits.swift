/// What the MCP client accepts from any server (config keys `mcp.*`): the
/// longest line it reads from a server's stdout, and how much of a server's
/// stderr reaches our log. The same for every server; `Config` gives each
/// `MCPServerConfig` a copy.
public struct MCPClientLimits: Sendable, Equatable {
    /// `mcp.maxLineBytes`: a longer answer fails its call at once ("answer
    /// of N bytes exceeds the limit of L bytes").
    public var maxLineBytes = 16 << 20
    /// `mcp.stderrLinesPerSecond` and `mcp.stderrBytesPerSecond`: stderr
    /// lines logged per server, with ten seconds' worth allowed at once; the
    /// rest are counted and the count is logged.
    public var stderrLinesPerSecond = 100
    public var stderrBytesPerSecond = 32 << 10

    public init() {}

    public init(config: Config) {
        func read(_ key: String, _ fallback: Int) -> Int { config.int(key).map(Int.init) ?? fallback }
        maxLineBytes = read("mcp.maxLineBytes", maxLineBytes)
        stderrLinesPerSecond = read("mcp.stderrLinesPerSecond", stderrLinesPerSecond)
        stderrBytesPerSecond = read("mcp.stderrBytesPerSecond", stderrBytesPerSecond)
    }
}
