import Foundation
import JSON

/// Keeps a prompt within the model's context window. When the prompt (plus
/// this step's new messages and the tools) would not leave `reserve` tokens
/// for the answer, the oldest messages after the system prompt are replaced
/// by one summary — written by the run's own model, or extractively for the
/// scripted provider or when the model fails — so that the rest fits in
/// `targetShare` of the window (room to grow before the next compaction).
/// It cuts only before a user or assistant message, never between a tool
/// call and its result, and always keeps the newest message. A prompt that
/// cannot be made to fit fails the run: nothing is ever dropped silently.
struct Compactor: Sendable {
    let window: Int
    let reserve: Int
    let provider: any LLMProvider
    let model: String

    static let targetShare = 0.6
    /// Characters of one message the summariser is shown.
    static let transcriptMessageCharacters = 1500

    var budget: Int { max(1, window - reserve) }
    /// Tokens a summary may take.
    var summaryTokens: Int { max(48, budget / 5) }

    /// What one compaction did.
    struct Outcome: Sendable {
        var compaction: CheckpointState.Compaction
        var prompt: [ChatMessage]
        var summarizer: String
        var tokensBefore: Int
        var tokensAfter: Int
        var usage: Usage
    }

    struct Overflow: Error, CustomStringConvertible {
        var tokens: Int
        var window: Int
        var description: String {
            "the prompt needs about \(tokens) tokens and cannot be compacted into the context window of \(window) tokens"
        }
    }

    /// nil when `prompt` plus `extra` tokens fits; else the compacted prompt.
    func compact(_ prompt: [ChatMessage], extra: Int) async throws -> Outcome? {
        let name = provider.name
        let before = TokenEstimate.messages(prompt, provider: name) + extra
        guard before > budget else { return nil }
        let start = prompt.firstIndex { $0.role != .system } ?? prompt.count
        let body = Array(prompt[start...])
        let fixed = TokenEstimate.messages(Array(prompt[..<start]), provider: name) + extra + summaryTokens + TokenEstimate.perMessage
        let target = Int(Double(budget) * Self.targetShare)
        // Valid cuts: 1...body.count-1, before a message that is not a tool result.
        let cuts = (1..<max(1, body.count)).filter { body[$0].role != .tool }
        guard let largest = cuts.last else { throw Overflow(tokens: before, window: window) }
        var suffix = Array(repeating: 0, count: body.count + 1)
        for i in stride(from: body.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + TokenEstimate.message(body[i], provider: name) }
        let cut = cuts.first { fixed + suffix[$0] <= target } ?? largest
        let replaced = Array(body[..<cut])
        var (summary, summarizer, usage) = await summarize(replaced)
        summary = Self.fit(summary, tokens: summaryTokens, provider: name)
        let compaction = CheckpointState.Compaction(summary: summary, replaced: cut)
        let compacted = Conversation.compacted(prompt, compaction)
        let after = TokenEstimate.messages(compacted, provider: name) + extra
        guard after <= budget else { throw Overflow(tokens: after, window: window) }
        return Outcome(compaction: compaction, prompt: compacted, summarizer: summarizer, tokensBefore: before, tokensAfter: after, usage: usage)
    }

    /// The model's summary (not for the scripted provider), else the extractive one.
    private func summarize(_ messages: [ChatMessage]) async -> (String, String, Usage) {
        if provider.name != "scripted" {
            let outcome = await modelSummary(messages)
            if let text = outcome.text { return (text, "model", outcome.usage) }
        }
        return (Self.extractive(messages), "extractive", Usage())
    }

    private func modelSummary(_ messages: [ChatMessage]) async -> ModelSummary.Outcome {
        let words = max(30, summaryTokens * 3 / 4)
        let system = "You compact a conversation between a user and an AI agent so the agent can continue it. Write a concise summary "
            + "(at most \(words) words) that keeps the user's requests, decisions, facts learned, file names, tool results that matter, "
            + "and open tasks. Write only the summary."
        let request = LLMRequest(model: model, messages: [.system(system), .user(Self.transcript(messages))], tools: [], temperature: 0.2,
                                 maxTokens: summaryTokens, purpose: .summary)
        return await ModelSummary.complete(request, provider: provider, model: model)
    }

    /// The messages as text for the summariser: each one cut to
    /// `transcriptMessageCharacters`, tool calls with their arguments.
    static func transcript(_ messages: [ChatMessage]) -> String {
        messages.map { m in
            var line = "\(m.role.rawValue): " + clip(m.content, transcriptMessageCharacters)
            for call in m.toolCalls ?? [] { line += "\n  called \(call.name)(\(clip(call.arguments.description, 300)))" }
            return line
        }.joined(separator: "\n")
    }

    /// A summary without a model: the first request, then the latest lines
    /// of what happened that fit.
    static func extractive(_ messages: [ChatMessage]) -> String {
        var lines: [String] = []
        for m in messages {
            switch m.role {
            case .system: continue
            case .user: lines.append("User: " + clip(oneLine(m.content), 240))
            case .assistant:
                if !m.content.isEmpty { lines.append("Assistant: " + clip(oneLine(m.content), 240)) }
                for call in m.toolCalls ?? [] { lines.append("Assistant called \(call.name)(\(clip(call.arguments.description, 120)))") }
            case .tool: lines.append("Result of \(m.name ?? "a tool"): " + clip(oneLine(m.content), 160))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `summary` within `tokens`: its first line (the original request) and as many of its last lines as fit.
    static func fit(_ summary: String, tokens: Int, provider: String) -> String {
        guard TokenEstimate.text(summary, provider: provider) > tokens else { return summary }
        let lines = summary.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let first = lines.first else { return "" }
        var head = clip(first, max(16, tokens * 2))
        var kept: [String] = []
        var used = TokenEstimate.text(head, provider: provider) + 8
        for line in lines.dropFirst().reversed() {
            let cost = TokenEstimate.text(line, provider: provider) + 1
            if used + cost > tokens { break }
            used += cost
            kept.insert(line, at: 0)
        }
        if kept.count < lines.count - 1 { head += "\n…" }
        return ([head] + kept).joined(separator: "\n")
    }

    static func clip(_ text: String, _ characters: Int) -> String {
        text.count > characters ? String(text.prefix(characters)) + "…" : text
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
