import HTTP
import JSON

/// Decodes an Anthropic Messages stream (WIRE.md §3.3): named events whose
/// JSON `type` matches the event name. Text deltas stream out; a `tool_use`
/// block's `input_json_delta` pieces are joined and parsed at its
/// `content_block_stop`. `message_stop` ends the stream (there is no [DONE]).
public struct AnthropicStreamDecoder: LLMStreamDecoder {
    public private(set) var isDone = false
    private var blocks: [Int: Block] = [:]
    private var stopReason: String?
    private var inputTokens: Int64 = 0
    private var outputTokens: Int64 = 0
    private var cacheRead: Int64 = 0
    private var cacheCreation: Int64 = 0
    private var sawUsage = false

    private enum Block: Sendable {
        case text
        case toolUse(id: String, name: String, json: String, initial: JSONValue)
        case other
    }

    /// Error types worth retrying later (the request itself was fine).
    static let retryableErrors: Set<String> = ["overloaded_error", "api_error", "rate_limit_error", "timeout_error"]

    public init() {}

    public mutating func decode(_ event: SSEEvent, emit: (LLMDelta) -> Void) throws {
        guard !event.data.isEmpty else { return }
        let json = try StreamDecoding.json(event, provider: "anthropic")
        let index = json["index"]?.intValue.map(Int.init) ?? 0
        switch json["type"]?.stringValue ?? event.event {
        case "message_start":
            if let usage = json["message"]?["usage"] { absorb(usage) }
        case "content_block_start":
            let block = json["content_block"]
            switch block?["type"]?.stringValue {
            case "text":
                blocks[index] = .text
                if let text = block?["text"]?.stringValue, !text.isEmpty { emit(.text(text)) }
            case "tool_use":
                blocks[index] = .toolUse(
                    id: block?["id"]?.stringValue ?? "toolu_\(index)", name: block?["name"]?.stringValue ?? "",
                    json: "", initial: block?["input"] ?? [:])
            default:
                blocks[index] = .other
            }
        case "content_block_delta":
            let delta = json["delta"]
            switch delta?["type"]?.stringValue {
            case "text_delta":
                if let text = delta?["text"]?.stringValue, !text.isEmpty { emit(.text(text)) }
            case "input_json_delta":
                if case .toolUse(let id, let name, let partial, let initial) = blocks[index] {
                    blocks[index] = .toolUse(id: id, name: name, json: partial + (delta?["partial_json"]?.stringValue ?? ""), initial: initial)
                }
            default:
                break // thinking, signature and citation deltas have no delta of ours
            }
        case "content_block_stop":
            if case .toolUse(let id, let name, let partial, let initial) = blocks[index] {
                let arguments = partial.isEmpty ? (initial.objectValue != nil ? initial : [:]) : StreamDecoding.arguments(partial)
                emit(.toolCall(ToolCall(id: id, name: name, arguments: arguments)))
            }
            blocks[index] = nil
        case "message_delta":
            if let reason = json["delta"]?["stop_reason"]?.stringValue { stopReason = reason }
            if let usage = json["usage"] { absorb(usage) }
        case "message_stop":
            isDone = true
        case "error":
            throw ProviderFailure.inStream(provider: "anthropic", json, retryableTypes: Self.retryableErrors)
        default:
            break // ping, and event types newer than this code
        }
    }

    public mutating func finish(emit: (LLMDelta) -> Void) throws {
        guard isDone || stopReason != nil else { throw StreamDecoding.incomplete("anthropic") }
        if sawUsage {
            // input_tokens excludes cached prompt tokens; Usage.inputTokens counts the whole prompt.
            emit(.usage(Usage(inputTokens: inputTokens + cacheRead + cacheCreation, outputTokens: outputTokens, cachedTokens: cacheRead)))
        }
        emit(.finish(Self.finishReason(stopReason)))
    }

    /// `message_delta` usage is cumulative, so later values replace earlier ones.
    private mutating func absorb(_ usage: JSONValue) {
        sawUsage = true
        if let n = usage["input_tokens"]?.intValue { inputTokens = n }
        if let n = usage["output_tokens"]?.intValue { outputTokens = n }
        if let n = usage["cache_read_input_tokens"]?.intValue { cacheRead = n }
        if let n = usage["cache_creation_input_tokens"]?.intValue { cacheCreation = n }
    }

    static func finishReason(_ stopReason: String?) -> FinishReason {
        switch stopReason {
        case "tool_use": .toolUse
        case "max_tokens", "model_context_window_exceeded": .maxTokens
        case "refusal": .refusal
        // end_turn, stop_sequence, and pause_turn (the turn may be continued by sending it back).
        default: .endTurn
        }
    }
}
