import RPC

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

    public init(step: Int, messages: [ChatMessage], usage: Usage = Usage(), toolResults: [String] = [], awaitingTools: Bool = false) {
        self.step = step
        self.messages = messages
        self.usage = usage
        self.toolResults = toolResults
        self.awaitingTools = awaitingTools
    }

    enum CodingKeys: String, CodingKey {
        case step, messages, usage
        case toolResults = "tool_results", awaitingTools = "awaiting_tools"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        step = try c.decode(Int.self, forKey: .step)
        messages = try c.decode([ChatMessage].self, forKey: .messages)
        usage = try c.decodeIfPresent(Usage.self, forKey: .usage) ?? Usage()
        toolResults = try c.decodeIfPresent([String].self, forKey: .toolResults) ?? []
        awaitingTools = try c.decodeIfPresent(Bool.self, forKey: .awaitingTools) ?? false
    }

    public func encoded() throws -> String {
        String(decoding: try JSONValueCoding.encodeData(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> CheckpointState {
        try JSONValueCoding.decode(CheckpointState.self, from: JSONParser.parse(text), path: "checkpoint")
    }
}
