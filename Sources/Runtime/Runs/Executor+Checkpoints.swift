import Foundation
import JSON
import Store

extension Executor {
    /// The checkpoints with the tool results they left in `tool.result`
    /// events put back (a result is stored once).
    static func rehydrated(_ states: [CheckpointState], run: Run, stores: Database) async throws -> [CheckpointState] {
        let wanted = Set(states.flatMap(\.inEvents))
        guard !wanted.isEmpty else { return states }
        var results: [String: String] = [:]
        var after: Int64 = 0
        while true {
            let page = try await stores.events.list(run.id, in: run.scope, filter: EventFilter(afterSeq: after, types: [EventType.toolResult], limit: 1000))
            for event in page {
                guard let payload = try? JSONParser.parse(event.payload), let id = payload["call_id"]?.stringValue, wanted.contains(id) else { continue }
                results[id] = (payload["result"] ?? .null).description
            }
            guard let last = page.last, page.count == 1000 else { break }
            after = last.seq
        }
        return states.map { state in
            var state = state
            state.messages = state.messages.map { m in
                guard m.role == .tool, let id = m.toolCallID, state.inEvents.contains(id), let content = results[id] else { return m }
                var full = m
                full.content = content
                return full
            }
            return state
        }
    }

    static func spec(of run: Run) throws -> AgentSpec {
        guard let text = run.agentConfig else { return AgentSpec() }
        return try JSONValueCoding.decode(AgentSpec.self, from: JSONParser.parse(text), path: "agent")
    }

    static func opening(spec: AgentSpec, input: String, skills: [(String, String)] = []) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        var system = spec.systemPrompt ?? ""
        for (name, instructions) in skills where !instructions.isEmpty {
            system += (system.isEmpty ? "" : "\n\n") + "## Skill: \(name)\n\(instructions)"
        }
        if !system.isEmpty { messages.append(.system(system)) }
        messages.append(.user(input))
        return messages
    }

    static func payload(_ u: Usage) -> UsagePayload {
        UsagePayload(inputTokens: u.inputTokens, outputTokens: u.outputTokens, cachedTokens: u.cachedTokens, estimated: u.estimated, costNanos: u.costNanos)
    }

    static func tokens(_ u: Usage) -> TokenUsage {
        TokenUsage(inputTokens: u.inputTokens, outputTokens: u.outputTokens, cachedTokens: u.cachedTokens, estimated: u.estimated,
                   costNanos: u.costNanos, model: u.model)
    }

    /// An injected message as the model reads it.
    static func message(_ injection: Injection) -> ChatMessage {
        ChatMessage(role: injection.role == "system" ? .system : .user, content: injection.message)
    }
}
