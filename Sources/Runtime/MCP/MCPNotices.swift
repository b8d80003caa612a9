/// Something about an MCP server that the runs which can call its tools
/// should record: its tool list changed, or it came back after a crash.
public enum MCPNotice: Sendable, Equatable {
    case toolsRefreshed(MCPToolsRefresh)
    case serverRestarted(server: String, restarts: Int)
}

/// The servers' notices, in order, for the one reader that records them in
/// runs (the engine). Bounded: with nobody reading, the oldest are dropped.
public final class MCPNotices: Sendable {
    public let stream: AsyncStream<MCPNotice>
    private let continuation: AsyncStream<MCPNotice>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
    }

    public func post(_ notice: MCPNotice) { continuation.yield(notice) }

    /// Ends the stream (its reader returns).
    public func finish() { continuation.finish() }
}
