import RPC

/// What one checkpoint row holds: only what its step added (the new
/// messages, the step's usage), so checkpoints grow with each step's delta
/// and never with the whole history. Step 0 holds the opening messages.
/// A run's conversation is the concatenation of its checkpoints' messages.
public struct CheckpointState: Codable, Sendable, Equatable {
    public var step: Int
    public var messages: [ChatMessage]
    public var usage: Usage
    /// Ids of tool calls whose results this step recorded.
    public var toolResults: [String]

    public init(step: Int, messages: [ChatMessage], usage: Usage = Usage(), toolResults: [String] = []) {
        self.step = step
        self.messages = messages
        self.usage = usage
        self.toolResults = toolResults
    }

    enum CodingKeys: String, CodingKey {
        case step, messages, usage
        case toolResults = "tool_results"
    }

    public func encoded() throws -> String {
        String(decoding: try JSONValueCoding.encodeData(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> CheckpointState {
        try JSONValueCoding.decode(CheckpointState.self, from: JSONParser.parse(text), path: "checkpoint")
    }
}
