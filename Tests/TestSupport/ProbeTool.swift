import JSON
import Runtime
import Synchronization

/// A tool the test holds in its hand: it counts its calls and how many run at
/// once, reports each arrival (the calling run's id), and while closed keeps
/// every call waiting until the test opens it or the call is cancelled —
/// so a test can stop a run mid-step without sleeping.
public final class ProbeTool: Tool {
    public let name: String
    public let isReadOnly: Bool
    public let description = "A probe the test controls: answers {\"ok\": true} once the test lets it."
    public let risk = RiskLevel.low
    public let inputSchema = Schema.object([:], additional: true)
    /// The test lets calls go, not the executor's tool timeout.
    public var timeout: Duration? { .seconds(3600) }

    private struct State {
        var calls = 0
        var running = 0
        var mostAtOnce = 0
        var cancelled = 0
    }

    private let state = Mutex(State())
    private let gate = Latch()
    private let arrivalStream: AsyncStream<String>
    private let arrivalContinuation: AsyncStream<String>.Continuation

    /// `open`: calls answer at once. `readOnly`: a call may run again after a
    /// crash (see `Tool.isReadOnly`); otherwise it runs at most once.
    public init(name: String = "probe", open: Bool = false, readOnly: Bool = false) {
        self.name = name
        self.isReadOnly = readOnly
        (arrivalStream, arrivalContinuation) = AsyncStream.makeStream()
        if open { gate.open() }
    }

    /// Lets every call waiting now, and every later one, answer.
    public func open() { gate.open() }

    /// Calls started so far.
    public var calls: Int { state.withLock { $0.calls } }
    /// The most calls that were running at the same moment.
    public var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }
    /// Calls that ended because they were cancelled while waiting.
    public var cancelled: Int { state.withLock { $0.cancelled } }

    /// The run id of the next call to arrive (arrivals queue up until read).
    public func nextArrival(within limit: Duration = .seconds(30)) async throws -> String {
        let stream = arrivalStream
        return try await withDeadline(limit, "a call of the \(name) tool") {
            for await runID in stream { return runID }
            throw TimedOut(what: "a call of the tool (its stream ended)")
        }
    }

    public func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        state.withLock { s in
            s.calls += 1
            s.running += 1
            s.mostAtOnce = max(s.mostAtOnce, s.running)
        }
        defer { state.withLock { $0.running -= 1 } }
        arrivalContinuation.yield(context.runID)
        await gate.wait()
        if Task.isCancelled {
            state.withLock { $0.cancelled += 1 }
            throw CancellationError()
        }
        return ToolOutput(["ok": true, "call_id": .string(context.callID)])
    }
}
