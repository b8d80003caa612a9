import JSON
import Store

/// The session's earlier turns a run starts from, as chat messages: each
/// earlier completed top-level run of the same scope and session (the last
/// `agent.historyTurns`) as its input, its tool calls with their results cut
/// short, and its final answer. The newest turns are kept first while they
/// fit `tokenBudget`; a turn that does not fit is left out whole, never cut.
enum SessionHistory {
    /// A tool result is cut to this many characters in a history turn.
    static let resultCharacters = 1000

    static func load(for run: Run, turns: Int, tokenBudget: Int, provider: String, stores: Database) async throws -> [ChatMessage] {
        guard turns > 0, tokenBudget > 0 else { return [] }
        let earlier = try await stores.runs.sessionHistory(of: run, limit: turns, in: run.scope)
        var kept: [[ChatMessage]] = []
        var tokens = 0
        for (index, past) in earlier.enumerated().reversed() {
            let messages = try await turn(of: past, number: index + 1, stores: stores)
            let cost = TokenEstimate.messages(messages, provider: provider)
            if tokens + cost > tokenBudget { break }
            tokens += cost
            kept.insert(messages, at: 0)
        }
        return kept.flatMap { $0 }
    }

    /// One earlier run in compact form. Tool call ids get a prefix (`h3_…`)
    /// so they never collide with this run's (providers pair calls and
    /// results by id).
    static func turn(of run: Run, number: Int, stores: Database) async throws -> [ChatMessage] {
        let output = run.output.flatMap { try? JSONParser.parse($0) }?.stringValue ?? ""
        let fallback = [ChatMessage.user(run.input), ChatMessage(role: .assistant, content: output)]
        // A group run's checkpoints hold its orchestration, not a conversation.
        guard !run.agentID.hasPrefix("group:") else { return fallback }
        let rows = try await stores.checkpoints.list(for: run.id, in: run.scope)
        guard let states = try? rows.map({ try CheckpointState.decode($0.state) }), !states.isEmpty else { return fallback }
        let full = try await Executor.rehydrated(states, run: run, stores: stores)
        var messages = full.flatMap(\.messages).filter { $0.role != .system }
        guard messages.first?.role == .user else { return fallback }
        let prefix = "h\(number)_"
        messages = messages.map { m in
            var m = m
            if let calls = m.toolCalls { m.toolCalls = calls.map { var c = $0; c.id = prefix + c.id; return c } }
            if let id = m.toolCallID { m.toolCallID = prefix + id }
            if m.role == .tool { m.content = cut(m.content) }
            return m
        }
        if messages.last?.role != .assistant || messages.last?.toolCalls?.isEmpty == false {
            messages.append(ChatMessage(role: .assistant, content: output))
        }
        return messages
    }

    static func cut(_ text: String) -> String {
        guard text.count > resultCharacters else { return text }
        return String(text.prefix(resultCharacters)) + "…[cut from \(text.count) characters]"
    }
}
