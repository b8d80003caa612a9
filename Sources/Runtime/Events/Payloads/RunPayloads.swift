import JSON

/// `run.started`: the run's input and the agent it runs (a group run names its team).
public struct RunStartedPayload: EventPayload {
    public static let type = EventType.runStarted
    public var input: String
    public var sessionKey: String
    public var agent: JSONValue
    public var worker: String
    /// Messages of the session's earlier turns the run starts from.
    public var historyMessages: Int?

    enum CodingKeys: String, CodingKey { case input, sessionKey = "session_key", agent, worker, historyMessages = "history_messages" }

    public static let example = RunStartedPayload(
        input: "Summarize the report", sessionKey: "s_default", agent: ["provider": "scripted", "model": "scripted-default", "max_steps": 10],
        worker: "host-1234", historyMessages: 4)
}

/// `run.resumed`: a run taken up again after its last checkpoint.
public struct RunResumedPayload: EventPayload {
    public static let type = EventType.runResumed
    public var fromStep: Int
    public var attempt: Int
    public var worker: String

    enum CodingKeys: String, CodingKey { case fromStep = "from_step", attempt, worker }

    public static let example = RunResumedPayload(fromStep: 2, attempt: 2, worker: "host-1234")
}

/// `run.completed`: the final answer, what the run spent and cost.
public struct RunCompletedPayload: EventPayload {
    public static let type = EventType.runCompleted
    public var output: String
    public var stopReason: String
    public var usage: UsagePayload
    public var costUsd: Double
    public var durationMs: Int64
    public var steps: Int

    enum CodingKeys: String, CodingKey { case output, stopReason = "stop_reason", usage, costUsd = "cost_usd", durationMs = "duration_ms", steps }

    public init(output: String, stopReason: String, usage: UsagePayload, durationMs: Int64, steps: Int) {
        (self.output, self.stopReason, self.usage, self.durationMs, self.steps) = (output, stopReason, usage, durationMs, steps)
        costUsd = usage.costUsd
    }

    public static let example = RunCompletedPayload(
        output: "The report says…", stopReason: "end_turn", usage: UsagePayload(inputTokens: 120, outputTokens: 40), durationMs: 850, steps: 2)
}

/// `run.failed`: why the run ended without an answer (`stop_reason:
/// budget` when its cost or token budget was spent).
public struct RunFailedPayload: EventPayload {
    public static let type = EventType.runFailed
    public var error: ErrorPayload
    public var stopReason: String
    public var usage: UsagePayload
    public var costUsd: Double
    public var durationMs: Int64
    public var steps: Int

    enum CodingKeys: String, CodingKey { case error, stopReason = "stop_reason", usage, costUsd = "cost_usd", durationMs = "duration_ms", steps }

    public init(error: ErrorPayload, stopReason: String, usage: UsagePayload, durationMs: Int64, steps: Int) {
        (self.error, self.stopReason, self.usage, self.durationMs, self.steps) = (error, stopReason, usage, durationMs, steps)
        costUsd = usage.costUsd
    }

    public static let example = RunFailedPayload(
        error: ErrorPayload(code: "timeout", message: "the run exceeded its time limit"), stopReason: "timeout", usage: UsagePayload(),
        durationMs: 300_000, steps: 4)
}

/// `run.cancelled`: stopped on request (or with its group run).
public struct RunCancelledPayload: EventPayload {
    public static let type = EventType.runCancelled
    public var stopReason = "cancelled"
    public var reason: String?
    public var usage: UsagePayload?
    public var costUsd: Double?
    public var steps: Int?

    enum CodingKeys: String, CodingKey { case stopReason = "stop_reason", reason, usage, costUsd = "cost_usd", steps }

    public init(reason: String? = nil, usage: UsagePayload? = nil, steps: Int? = nil) {
        (self.reason, self.usage, self.steps) = (reason, usage, steps)
        costUsd = usage?.costUsd
    }

    public static let example = RunCancelledPayload(usage: UsagePayload(inputTokens: 10, outputTokens: 2), steps: 1)
}

/// `run.waiting`: the run waits for approvals of these calls.
public struct RunWaitingPayload: EventPayload {
    public static let type = EventType.runWaiting
    public var callIDs: [String]

    enum CodingKeys: String, CodingKey { case callIDs = "call_ids" }

    public static let example = RunWaitingPayload(callIDs: ["call_1_1"])
}

/// `run.delegated`: a delegation call (`call_id`) created these child runs;
/// the run waits for them in `waiting_children` and resumes at that call.
public struct RunDelegatedPayload: EventPayload {
    public static let type = EventType.runDelegated
    public var callID: String
    public var toolName: String
    public var childRunIDs: [String]

    enum CodingKeys: String, CodingKey {
        case callID = "call_id"
        case toolName = "tool_name"
        case childRunIDs = "child_run_ids"
    }

    public static let example = RunDelegatedPayload(callID: "call_1_1", toolName: "dispatch_subtasks", childRunIDs: ["run_01J0000000000000000000002"])
}
