import JSON

/// `run.warning`: the loop noticed something the run's owner should know
/// (`DOOM_LOOP_DETECTED`: the same tool call again and again).
public struct RunWarningPayload: EventPayload {
    public static let type = EventType.runWarning
    public var code: String
    public var message: String
    public var context: JSONValue?

    public static let doomLoop = "DOOM_LOOP_DETECTED"

    public static let example = RunWarningPayload(
        code: doomLoop, message: "read_file was called 3 times in a row with the same arguments; the call was not run",
        context: ["tool_name": "read_file", "args": ["path": "notes.md"], "repeats": 3, "threshold": 3, "call_id": "call_3_1"])
}

/// `run.compacted`: the oldest turns of the prompt were replaced by a
/// summary because the prompt would not fit the model's context window (the
/// seed's `{messages_before, messages_after, tokens_saved}`, plus ours).
public struct RunCompactedPayload: EventPayload {
    public static let type = EventType.runCompacted
    public var messagesBefore: Int
    public var messagesAfter: Int
    public var tokensSaved: Int
    public var summary: String
    /// `model` (the run's own model wrote it) or `extractive`.
    public var summarizer: String
    public var tokensBefore: Int
    public var tokensAfter: Int
    public var contextWindow: Int

    enum CodingKeys: String, CodingKey {
        case messagesBefore = "messages_before", messagesAfter = "messages_after", tokensSaved = "tokens_saved", summary, summarizer
        case tokensBefore = "tokens_before", tokensAfter = "tokens_after", contextWindow = "context_window"
    }

    public static let example = RunCompactedPayload(
        messagesBefore: 42, messagesAfter: 9, tokensSaved: 5400, summary: "The user asked for a report; the agent read notes.md …",
        summarizer: "extractive", tokensBefore: 7900, tokensAfter: 2500, contextWindow: 8192)
}

/// `user.injected`: a message `runs/inject` stored for the run's next step.
public struct UserInjectedPayload: EventPayload {
    public static let type = EventType.userInjected
    public var message: String
    /// `user` or `system`.
    public var role: String
    public var injectionID: String

    enum CodingKeys: String, CodingKey { case message, role, injectionID = "injection_id" }

    public static let example = UserInjectedPayload(message: "Use the March numbers instead.", role: "user", injectionID: "inj_01MB4ZC8J6WQ2N3P5R7T9V1X3Z")
}
