import JSON

/// `step.started`.
public struct StepStartedPayload: EventPayload {
    public static let type = EventType.stepStarted
    public var step: Int

    public static let example = StepStartedPayload(step: 1)
}

/// `step.completed`: what the step's model turn ended with.
public struct StepCompletedPayload: EventPayload {
    public static let type = EventType.stepCompleted
    public var step: Int
    /// `tool_call` or `final_answer`.
    public var resultType: String
    public var finishReason: String
    public var usage: UsagePayload
    public var costUsd: Double
    public var durationMs: Int64

    enum CodingKeys: String, CodingKey {
        case step, resultType = "result_type", finishReason = "finish_reason", usage, costUsd = "cost_usd", durationMs = "duration_ms"
    }

    public init(step: Int, resultType: String, finishReason: String, usage: UsagePayload, durationMs: Int64) {
        (self.step, self.resultType, self.finishReason, self.usage, self.durationMs) = (step, resultType, finishReason, usage, durationMs)
        costUsd = usage.costUsd
    }

    public static let example = StepCompletedPayload(
        step: 1, resultType: "tool_call", finishReason: "tool_use", usage: UsagePayload(inputTokens: 80, outputTokens: 12), durationMs: 420)
}

/// `llm.called`: a model call begins (again, after a retry, with the reason).
public struct LLMCalledPayload: EventPayload {
    public static let type = EventType.llmCalled
    public var provider: String
    public var model: String
    public var attempt: Int
    public var requestBytes: Int
    public var messageCount: Int
    public var toolCount: Int
    public var retryReason: String?
    public var retryDelayMs: Int?
    /// The prompt's size by our estimate (`TokenEstimate`), and the window it must fit.
    public var estimatedTokens: Int?
    public var contextWindow: Int?

    enum CodingKeys: String, CodingKey {
        case provider, model, attempt, requestBytes = "request_bytes", messageCount = "message_count", toolCount = "tool_count"
        case retryReason = "retry_reason", retryDelayMs = "retry_delay_ms", estimatedTokens = "estimated_tokens", contextWindow = "context_window"
    }

    public static let example = LLMCalledPayload(
        provider: "openai", model: "gpt-4o-mini", attempt: 2, requestBytes: 2048, messageCount: 3, toolCount: 12,
        retryReason: "HTTP 429", retryDelayMs: 1000)
}

/// `llm.token`: a batch of streamed model text.
public struct LLMTokenPayload: EventPayload {
    public static let type = EventType.llmToken
    public var text: String
    /// The batch's number within the run, from 0.
    public var index: Int
    /// How many deltas the batch joins.
    public var count: Int

    public static let example = LLMTokenPayload(text: "The report", index: 0, count: 3)
}
