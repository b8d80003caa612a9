import HTTP
import JSON

/// Decodes an OpenAI Chat Completions stream (WIRE.md §1.3), and the same
/// from Ollama, vLLM and llama.cpp: `data:` chunks, then `data: [DONE]`.
/// Tool calls are assembled from fragments keyed by `index`; their argument
/// pieces are concatenated verbatim and parsed once the call is complete.
public struct OpenAIStreamDecoder: LLMStreamDecoder {
    public private(set) var isDone = false
    private var calls: [Int: PartialCall] = [:]
    private var callsEmitted = false
    private var finishReason: String?
    private var usage: Usage?
    private var sawRefusal = false

    private struct PartialCall: Sendable {
        var id = ""
        var name = ""
        var arguments = ""
    }

    public init() {}

    public mutating func decode(_ event: SSEEvent, emit: (LLMDelta) -> Void) throws {
        if event.data.hasPrefix("[DONE]") {
            isDone = true
            return
        }
        guard !event.data.isEmpty else { return }
        let chunk = try StreamDecoding.json(event, provider: "openai")
        // The SDK raises on any chunk with a top-level error (mid-stream failure).
        if let error = chunk["error"], !error.isNull {
            throw ProviderFailure.inStream(provider: "openai", chunk, retryableTypes: ["server_error", "rate_limit_exceeded"])
        }
        if let usage = chunk["usage"], usage.objectValue != nil { self.usage = Self.usage(usage) }
        for choice in chunk["choices"]?.arrayValue ?? [] where (choice["index"]?.intValue ?? 0) == 0 {
            if let delta = choice["delta"] {
                if let text = delta["content"]?.stringValue, !text.isEmpty { emit(.text(text)) }
                if let refusal = delta["refusal"]?.stringValue, !refusal.isEmpty {
                    sawRefusal = true
                    emit(.text(refusal))
                }
                for (position, fragment) in (delta["tool_calls"]?.arrayValue ?? []).enumerated() {
                    merge(fragment, position: position)
                }
            }
            if let reason = choice["finish_reason"]?.stringValue {
                finishReason = reason
                emitCalls(emit)
            }
        }
    }

    public mutating func finish(emit: (LLMDelta) -> Void) throws {
        // EOF after finish_reason is done even without [DONE]; before it, an error.
        guard isDone || finishReason != nil else { throw StreamDecoding.incomplete("openai") }
        emitCalls(emit)
        if let usage { emit(.usage(usage)) }
        emit(.finish(mappedFinish()))
    }

    private mutating func merge(_ fragment: JSONValue, position: Int) {
        let index = fragment["index"]?.intValue.map(Int.init) ?? position
        var call = calls[index] ?? PartialCall()
        // Some servers repeat id and name on every fragment: keep the first.
        if call.id.isEmpty, let id = fragment["id"]?.stringValue { call.id = id }
        if let function = fragment["function"] {
            if call.name.isEmpty, let name = function["name"]?.stringValue { call.name = name }
            if let piece = function["arguments"]?.stringValue { call.arguments += piece }
        }
        calls[index] = call
    }

    private mutating func emitCalls(_ emit: (LLMDelta) -> Void) {
        guard !callsEmitted, !calls.isEmpty else { return }
        callsEmitted = true
        for (index, call) in calls.sorted(by: { $0.key < $1.key }) {
            emit(.toolCall(ToolCall(id: call.id.isEmpty ? "call_\(index)" : call.id, name: call.name, arguments: StreamDecoding.arguments(call.arguments))))
        }
    }

    private func mappedFinish() -> FinishReason {
        switch finishReason {
        case "length": return .maxTokens
        case "tool_calls", "function_call": return .toolUse
        case "content_filter": return .refusal
        default:
            // Some compatible servers say "stop" after a tool call.
            if !calls.isEmpty { return .toolUse }
            return sawRefusal ? .refusal : .endTurn
        }
    }

    static func usage(_ json: JSONValue) -> Usage {
        Usage(
            inputTokens: StreamDecoding.int(json["prompt_tokens"]),
            outputTokens: StreamDecoding.int(json["completion_tokens"]),
            cachedTokens: StreamDecoding.int(json["prompt_tokens_details"]?["cached_tokens"]))
    }
}
