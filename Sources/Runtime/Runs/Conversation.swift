/// A run's conversation rebuilt from its checkpoint rows: `prompt` is what
/// the model is sent (the system prompt, the session's earlier turns, every
/// summary in place of what it replaced, the run's messages), `own` is the
/// run's own messages in full (for its summary and doom-loop detection).
struct Conversation: Sendable, Equatable {
    var prompt: [ChatMessage] = []
    var own: [ChatMessage] = []

    init() {}

    init(_ states: [CheckpointState]) {
        for state in states { append(state) }
    }

    /// Adds one checkpoint row: its compaction, then its messages — row 0's
    /// history after its system prompt.
    mutating func append(_ state: CheckpointState) {
        if let compaction = state.compaction { apply(compaction) }
        if state.history.isEmpty {
            prompt += state.messages
        } else {
            let system = state.messages.prefix { $0.role == .system }
            prompt += Array(system) + state.history + Array(state.messages.dropFirst(system.count))
        }
        own += state.messages
    }

    /// The messages a summary stands for replaced by it.
    mutating func apply(_ compaction: CheckpointState.Compaction) {
        prompt = Self.compacted(prompt, compaction)
    }

    static func compacted(_ prompt: [ChatMessage], _ compaction: CheckpointState.Compaction) -> [ChatMessage] {
        let start = prompt.firstIndex { $0.role != .system } ?? prompt.count
        let end = min(prompt.count, start + compaction.replaced)
        return Array(prompt[..<start]) + [summaryMessage(compaction.summary)] + Array(prompt[end...])
    }

    static let summaryPrefix = "Summary of the earlier conversation (compacted to fit the context window):\n"

    static func summaryMessage(_ summary: String) -> ChatMessage {
        ChatMessage(role: .user, content: summaryPrefix + summary)
    }
}
