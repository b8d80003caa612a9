import JSON

/// What the executor asks a model for: the conversation so far and the tools
/// it may call.
public struct LLMRequest: Sendable {
    public var model: String
    public var messages: [ChatMessage]
    public var tools: [ToolSpec]
    public var temperature: Double?
    public var maxTokens: Int?
    /// `auto` (default), `none`, `required`, or a tool name to force.
    public var toolChoice: String?
    /// Why the runtime asks: a step of the run, or its memory summary.
    /// Real providers send the same request either way; the scripted one
    /// answers a summary request from its script's `summary` turn.
    public var purpose: Purpose
    /// Which model turn of the run this is (0 for its first step). Real
    /// providers ignore it; the scripted one plays that turn of its script —
    /// the conversation also holds the session's earlier turns, so counting
    /// its assistant messages would not say.
    public var turn: Int?

    public enum Purpose: Sendable {
        case step, summary
    }

    public init(model: String, messages: [ChatMessage], tools: [ToolSpec] = [], temperature: Double? = nil, maxTokens: Int? = nil, toolChoice: String? = nil,
                purpose: Purpose = .step, turn: Int? = nil) {
        self.purpose = purpose
        self.turn = turn
        self.model = model
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.toolChoice = toolChoice
    }
}

/// A tool as the model sees it.
public struct ToolSpec: Sendable, Equatable {
    public var name: String
    public var description: String
    public var inputSchema: JSONValue

    public init(name: String, description: String, inputSchema: JSONValue) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
    }
}

/// Why a model stopped talking, mapped from each provider's own words.
public enum FinishReason: String, Sendable, Codable {
    case endTurn = "end_turn"
    case toolUse = "tool_use"
    case maxTokens = "max_tokens"
    case refusal
    case error
}

/// One piece of a streamed model answer. Tool calls arrive whole (providers
/// assemble their fragments); usage and finish come once, at the end.
public enum LLMDelta: Sendable, Equatable {
    case text(String)
    case toolCall(ToolCall)
    case usage(Usage)
    case finish(FinishReason)
    /// A failed attempt that will be retried (never after the first token):
    /// `attempt` is the number of the retry about to be made (1, 2, …), made
    /// after `delayMs`. `reason` never contains a key.
    case retrying(attempt: Int, reason: String, delayMs: Int)
}

/// A model behind one wire format. Streaming is the only mode; cancelling the
/// consuming task aborts the call (and closes its connection).
public protocol LLMProvider: Sendable {
    var name: String { get }
    func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error>
}

/// A provider failure the run reports with `stop_reason: error`. Messages
/// never contain the API key (providers scrub it).
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public var provider: String
    public var message: String
    public var status: Int?
    public var retryable: Bool
    /// The provider's own error kind when it sent one (`overloaded_error`,
    /// `rate_limit_exceeded`, `RESOURCE_EXHAUSTED`, …).
    public var errorType: String?

    public init(provider: String, message: String, status: Int? = nil, retryable: Bool = false, errorType: String? = nil) {
        self.provider = provider
        self.message = message
        self.status = status
        self.retryable = retryable
        self.errorType = errorType
    }

    public var description: String {
        let kind = errorType.map { " (\($0))" } ?? ""
        return status.map { "\(provider) error \($0)\(kind): \(message)" } ?? "\(provider) error\(kind): \(message)"
    }
}
