/// A `Config` holds API keys and database URLs, so printing one — directly,
/// or as a field of something printed whole (ServiceLifecycle logs its
/// services at debug) — shows only how many settings there are.
extension Config: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String {
        "Config(\(values.count) settings, \(mcpServers.count) MCP servers)"
    }

    public var debugDescription: String { description }
}
