import HTTP
import JSON

/// Decodes a Gemini `streamGenerateContent?alt=sse` stream (WIRE.md §4.3):
/// each event is a whole `GenerateContentResponse`; there is no end marker,
/// the stream ends when the connection does. A `functionCall` arrives whole;
/// there is no "tool" finish reason, so a turn with calls maps to `toolUse`.
public struct GeminiStreamDecoder: LLMStreamDecoder {
    /// Gemini never sends an end marker.
    public var isDone: Bool { false }
    private var finishReason: String?
    private var blockReason: String?
    private var usage: Usage?
    private var callCount = 0
    private let makeID: @Sendable () -> String

    /// Ids for calls the server sent without one (`functionCall.id` is
    /// optional); providers never send these synthetic ids back.
    public init(makeID: @escaping @Sendable () -> String = GeminiProvider.syntheticCallID) {
        self.makeID = makeID
    }

    public mutating func decode(_ event: SSEEvent, emit: (LLMDelta) -> Void) throws {
        guard !event.data.isEmpty else { return }
        var json = try StreamDecoding.json(event, provider: "gemini")
        if let first = json.arrayValue?.first { json = first }
        if let error = json["error"], !error.isNull {
            throw ProviderFailure.inStream(provider: "gemini", json, retryableTypes: ["RESOURCE_EXHAUSTED", "UNAVAILABLE", "INTERNAL", "DEADLINE_EXCEEDED"])
        }
        if let reason = json["promptFeedback"]?["blockReason"]?.stringValue { blockReason = reason }
        if let metadata = json["usageMetadata"], metadata.objectValue != nil {
            // Thinking tokens are billed as output.
            usage = Usage(
                inputTokens: StreamDecoding.int(metadata["promptTokenCount"]),
                outputTokens: StreamDecoding.int(metadata["candidatesTokenCount"]) + StreamDecoding.int(metadata["thoughtsTokenCount"]),
                cachedTokens: StreamDecoding.int(metadata["cachedContentTokenCount"]))
        }
        guard let candidate = json["candidates"]?.arrayValue?.first else { return }
        for part in candidate["content"]?["parts"]?.arrayValue ?? [] {
            if let call = part["functionCall"] {
                callCount += 1
                let id = call["id"]?.stringValue ?? makeID()
                let arguments = call["args"].flatMap { $0.objectValue != nil ? $0 : nil } ?? [:]
                emit(.toolCall(ToolCall(id: id, name: call["name"]?.stringValue ?? "", arguments: arguments, thoughtSignature: part["thoughtSignature"]?.stringValue)))
            } else if part["thought"]?.boolValue != true, let text = part["text"]?.stringValue, !text.isEmpty {
                emit(.text(text))
            }
        }
        if let reason = candidate["finishReason"]?.stringValue { finishReason = reason }
    }

    public mutating func finish(emit: (LLMDelta) -> Void) throws {
        guard finishReason != nil || blockReason != nil else { throw StreamDecoding.incomplete("gemini") }
        if let usage { emit(.usage(usage)) }
        emit(.finish(finishReason.map { Self.finishReason($0, calledTools: callCount > 0) } ?? .refusal))
    }

    static func finishReason(_ reason: String, calledTools: Bool) -> FinishReason {
        switch reason {
        case "STOP": calledTools ? .toolUse : .endTurn
        case "MAX_TOKENS": .maxTokens
        case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION":
            .refusal
        // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, TOO_MANY_TOOL_CALLS, LANGUAGE, OTHER, …
        default: .error
        }
    }
}
