import Logging
import RPC
import Synchronization

/// A server's stderr in our log, within a budget: each line is a log record
/// while both token buckets (lines and bytes, `MCPClientLimits`) allow it;
/// past them lines are only counted, and the count is logged at most every
/// five seconds — on the next line after that, and when stderr ends. The
/// reader keeps reading at full speed either way, so a flooding server never
/// blocks on a full pipe (a 50 MB flood used to become 56 MB of log records
/// and slow the server into its timeout).
final class MCPStderrLog: Sendable {
    static let summaryInterval: Duration = .seconds(5)
    /// Buckets hold this many seconds' worth, for a traceback at start-up.
    static let burstSeconds = 10.0

    private struct State {
        var lines: TokenBucket
        var bytes: TokenBucket
        var droppedLines = 0
        var droppedBytes = 0
        var lastSummary: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    private let logger: Logger
    private let metadata: Logger.Metadata
    private let server: String
    private let limits: MCPClientLimits

    init(server: String, pid: Int32, limits: MCPClientLimits, logger: Logger, now: ContinuousClock.Instant = .now) {
        self.server = server
        self.limits = limits
        self.logger = logger
        metadata = ["mcp_server": .string(server), "pid": .stringConvertible(pid)]
        let lines = Double(limits.stderrLinesPerSecond), bytes = Double(limits.stderrBytesPerSecond)
        state = Mutex(State(lines: TokenBucket(rate: lines, capacity: lines * Self.burstSeconds, now: now),
                            bytes: TokenBucket(rate: bytes, capacity: bytes * Self.burstSeconds, now: now)))
    }

    /// One framed stderr event, on the reader thread.
    func record(_ event: LineFramer.Event, now: ContinuousClock.Instant = .now) {
        let message: String
        switch event {
        case .line(let bytes): message = String(decoding: bytes, as: UTF8.self)
        case .oversized(let line): message = "(a \(line.byteCount)-byte stderr line, not shown)"
        }
        let size = Double(message.utf8.count)
        let (admitted, summary): (Bool, String?) = state.withLock { state in
            let admitted = state.lines.has(1, at: now) && state.bytes.has(size, at: now)
            if admitted {
                state.lines.take(1)
                state.bytes.take(size)
            } else {
                state.droppedLines += 1
                state.droppedBytes += Int(size)
            }
            return (admitted, Self.summary(of: &state, now: now, force: false, server: server, limits: limits))
        }
        if let summary { logger.warning("\(summary)", metadata: metadata) }
        if admitted { logger.info("\(message)", metadata: metadata) }
    }

    /// Stderr ended: what was dropped since the last count.
    func finish(now: ContinuousClock.Instant = .now) {
        let summary = state.withLock { Self.summary(of: &$0, now: now, force: true, server: server, limits: limits) }
        if let summary { logger.warning("\(summary)", metadata: metadata) }
    }

    private static func summary(of state: inout State, now: ContinuousClock.Instant, force: Bool, server: String, limits: MCPClientLimits) -> String? {
        guard state.droppedLines > 0 else { return nil }
        if !force, let last = state.lastSummary, now - last < summaryInterval { return nil }
        defer {
            state.droppedLines = 0
            state.droppedBytes = 0
            state.lastSummary = now
        }
        return "server \(server): dropped \(state.droppedLines) stderr lines (\(state.droppedBytes) bytes) over its budget of "
            + "\(limits.stderrLinesPerSecond) lines/s and \(limits.stderrBytesPerSecond) bytes/s"
    }
}
