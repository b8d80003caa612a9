import Foundation
import JSON

/// The deterministic test double and demo model: replays a JSON script.
/// The turn played is the request's `turn` (the run's step), or else how many
/// assistant messages the conversation already has, so a run resumed after a
/// crash continues where it was.
///
/// Script: `{"turns": [turn, …], "then": "repeat_last" | "end", "summary": turn}`
/// (`summary` answers the run-summary request of `memory.summarizer: model`;
/// without it the summary is the material's first line), a turn being
/// `{"text": "…", "chunks": n, "chunk_delay_ms": n, "delay_ms": n,
///   "tool_calls": [{"name": "…", "arguments": {…}, "id": "…"}],
///   "usage": {"input_tokens": n, "output_tokens": n} (else estimated: `UsageEstimate`),
///   "finish": "end_turn" | "max_tokens" | "refusal",
///   "error": {"message": "…", "status": 500}}`.
/// Without a script it answers every input with a short streamed echo.
public struct ScriptedProvider: LLMProvider {
    public let name = "scripted"
    public let script: Script

    public struct Script: Codable, Sendable, Equatable {
        public var turns: [Turn]
        public var then: String?
        public var summary: Turn?

        public init(turns: [Turn], then: String? = nil, summary: Turn? = nil) {
            self.turns = turns
            self.then = then
            self.summary = summary
        }
    }

    public struct Turn: Codable, Sendable, Equatable {
        public var text: String?
        public var chunks: Int?
        public var chunkDelayMs: Int?
        public var delayMs: Int?
        public var toolCalls: [ScriptedCall]?
        public var usage: Usage?
        public var finish: FinishReason?
        public var error: ScriptedError?

        enum CodingKeys: String, CodingKey {
            case text, chunks, usage, finish, error
            case chunkDelayMs = "chunk_delay_ms", delayMs = "delay_ms", toolCalls = "tool_calls"
        }

        public init(text: String? = nil, toolCalls: [ScriptedCall]? = nil) {
            self.text = text
            self.toolCalls = toolCalls
        }
    }

    public struct ScriptedCall: Codable, Sendable, Equatable {
        public var id: String?
        public var name: String
        public var arguments: JSONValue?
    }

    public struct ScriptedError: Codable, Sendable, Equatable {
        public var message: String
        public var status: Int?
    }

    public init(script: Script? = nil) {
        self.script = script ?? Script(turns: [])
    }

    /// The JSON Schema of a script, for `runs/create` validation.
    public static let scriptSchema: JSONValue = Schema.object([
        "turns": Schema.array(turnSchema, maxItems: 10_000),
        "then": Schema.oneOf(strings: ["repeat_last", "end"]),
        "summary": turnSchema,
    ], required: ["turns"])

    static let turnSchema: JSONValue = Schema.object([
            "text": Schema.string(),
            "chunks": Schema.integer(minimum: 1, maximum: 100_000),
            "chunk_delay_ms": Schema.integer(minimum: 0, maximum: 600_000),
            "delay_ms": Schema.integer(minimum: 0, maximum: 3_600_000),
            "tool_calls": Schema.array(Schema.object([
                "id": Schema.string(minLength: 1, maxLength: 128),
                "name": Schema.string(minLength: 1, maxLength: 128),
                "arguments": Schema.map(Schema.any),
            ], required: ["name"])),
            "usage": Schema.object(["input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0), "cached_tokens": Schema.integer(minimum: 0)]),
            "finish": Schema.oneOf(strings: ["end_turn", "max_tokens", "refusal"]),
            "error": Schema.object(["message": Schema.string(), "status": Schema.integer()], required: ["message"]),
    ])

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        let turn = self.turn(for: request)
        let index = request.turn ?? request.messages.filter { $0.role == .assistant }.count
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if let delay = turn.delayMs, delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
                    if let error = turn.error {
                        throw ProviderError(provider: "scripted", message: error.message, status: error.status)
                    }
                    let text = turn.text ?? ""
                    for piece in Self.split(text, into: turn.chunks ?? Self.defaultChunks(text)) {
                        try Task.checkCancellation()
                        continuation.yield(.text(piece))
                        if let d = turn.chunkDelayMs, d > 0 { try await Task.sleep(for: .milliseconds(d)) }
                    }
                    let calls = (turn.toolCalls ?? []).enumerated().map { i, call in
                        ToolCall(id: call.id ?? "call_\(index + 1)_\(i + 1)", name: call.name, arguments: call.arguments ?? [:])
                    }
                    for call in calls { continuation.yield(.toolCall(call)) }
                    // A script without `usage` reports an estimate, marked as one.
                    continuation.yield(.usage(turn.usage ?? UsageEstimate.usage(for: request, text: text, calls: calls, provider: "scripted")))
                    continuation.yield(.finish(turn.finish ?? (calls.isEmpty ? .endTurn : .toolUse)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func turn(for request: LLMRequest) -> Turn {
        if request.purpose == .summary {
            let material = request.messages.last { $0.role == .user }?.content ?? ""
            return script.summary ?? Turn(text: material.split(separator: "\n").first.map(String.init) ?? "")
        }
        let index = request.turn ?? request.messages.filter { $0.role == .assistant }.count
        if index < script.turns.count { return script.turns[index] }
        if script.then == "repeat_last", let last = script.turns.last { return last }
        if script.turns.isEmpty {
            let input = request.messages.last { $0.role == .user }?.content ?? ""
            return Turn(text: "You said: \(input)")
        }
        return Turn(text: "")
    }

    static func defaultChunks(_ text: String) -> Int { max(1, min(text.count, text.split(separator: " ").count)) }

    /// Splits text into `n` pieces of near-equal length (never mid-character).
    static func split(_ text: String, into n: Int) -> [String] {
        guard !text.isEmpty else { return [] }
        let chars = Array(text)
        let count = max(1, min(n, chars.count))
        let size = (chars.count + count - 1) / count
        return stride(from: 0, to: chars.count, by: size).map { String(chars[$0..<min($0 + size, chars.count)]) }
    }
}
