import JSON

/// What one checkpoint row holds: only what its step added (the new
/// messages, the step's usage), so checkpoints grow with each step's delta
/// and never with the whole history. Row 0 holds the opening messages; a step
/// parked for approval has two rows (its model turn, then its tool results).
/// A run's conversation is the concatenation of its checkpoints' messages.
public struct CheckpointState: Codable, Sendable, Equatable {
    public var step: Int
    public var messages: [ChatMessage]
    public var usage: Usage
    /// Ids of tool calls whose results this step recorded.
    public var toolResults: [String]
    /// The step stopped after the model's turn, waiting for approvals; it
    /// resumes at the tool calls of its last message.
    public var awaitingTools: Bool
    /// Tool calls whose message content is not stored here but in their
    /// `tool.result` event (a result is stored once); `Executor` puts it back
    /// when it reads the checkpoints.
    public var inEvents: [String]
    /// Row 0 only: the session's earlier turns the run starts from, placed
    /// after the system prompt (`SessionHistory`). Kept apart from
    /// `messages`, which are the run's own.
    public var history: [ChatMessage]
    /// The prompt's oldest turns were summarised before this step's messages
    /// (`Compactor`); applied in order when the conversation is rebuilt.
    public var compaction: Compaction?
    /// `run_injections` ids this row's messages include; its commit marks
    /// them consumed.
    public var injections: [String]

    public init(step: Int, messages: [ChatMessage], usage: Usage = Usage(), toolResults: [String] = [], awaitingTools: Bool = false,
                inEvents: [String] = [], history: [ChatMessage] = [], compaction: Compaction? = nil, injections: [String] = []) {
        self.step = step
        self.messages = messages
        self.usage = usage
        self.toolResults = toolResults
        self.awaitingTools = awaitingTools
        self.inEvents = inEvents
        self.history = history
        self.compaction = compaction
        self.injections = injections
    }

    /// A summary that replaced the first `replaced` messages after the
    /// leading system messages of the prompt.
    public struct Compaction: Codable, Sendable, Equatable {
        public var summary: String
        public var replaced: Int

        public init(summary: String, replaced: Int) {
            self.summary = summary
            self.replaced = replaced
        }
    }

    enum CodingKeys: String, CodingKey {
        case step, messages, usage, history, compaction, injections
        case toolResults = "tool_results", awaitingTools = "awaiting_tools", inEvents = "in_events"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(Int.self, forKey: .step)
        messages = try c.decode([ChatMessage].self, forKey: .messages)
        usage = try c.decodeIfPresent(Usage.self, forKey: .usage) ?? Usage()
        toolResults = try c.decodeIfPresent([String].self, forKey: .toolResults) ?? []
        awaitingTools = try c.decodeIfPresent(Bool.self, forKey: .awaitingTools) ?? false
        inEvents = try c.decodeIfPresent([String].self, forKey: .inEvents) ?? []
        history = try c.decodeIfPresent([ChatMessage].self, forKey: .history) ?? []
        compaction = try c.decodeIfPresent(Compaction.self, forKey: .compaction)
        injections = try c.decodeIfPresent([String].self, forKey: .injections) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step, forKey: .step)
        try c.encode(messages, forKey: .messages)
        try c.encode(usage, forKey: .usage)
        if !toolResults.isEmpty { try c.encode(toolResults, forKey: .toolResults) }
        if awaitingTools { try c.encode(awaitingTools, forKey: .awaitingTools) }
        if !inEvents.isEmpty { try c.encode(inEvents, forKey: .inEvents) }
        if !history.isEmpty { try c.encode(history, forKey: .history) }
        if let compaction { try c.encode(compaction, forKey: .compaction) }
        if !injections.isEmpty { try c.encode(injections, forKey: .injections) }
    }

    /// The stored form: the contents of the `inEvents` tool messages left out.
    public func encoded() throws -> String {
        var stored = self
        if !inEvents.isEmpty {
            let elided = Set(inEvents)
            stored.messages = messages.map { m in
                guard m.role == .tool, let id = m.toolCallID, elided.contains(id) else { return m }
                var bare = m
                bare.content = ""
                return bare
            }
        }
        return String(decoding: try JSONValueCoding.encodeData(stored), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> CheckpointState {
        try JSONValueCoding.decode(CheckpointState.self, from: JSONParser.parse(text), path: "checkpoint")
    }
}
