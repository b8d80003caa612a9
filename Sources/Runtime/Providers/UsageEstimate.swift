import JSON

/// Token counts for a model call whose provider reported none (an
/// OpenAI-compatible server that ignores `include_usage`, a stream cut
/// before its usage chunk, the scripted model without `usage`), marked
/// `estimated`. The counts are `TokenEstimate`'s, the same estimate the loop
/// compacts by, so a trace's estimated usage and its compaction decisions
/// agree. Real tokenizers land within about ±25 % of it on English prose and code.
public enum UsageEstimate {
    /// The answer's tokens: its text and tool calls.
    public static func output(text: String, calls: [ToolCall], provider: String) -> Int64 {
        let answer = ChatMessage(role: .assistant, content: text, toolCalls: calls.isEmpty ? nil : calls)
        return Int64(TokenEstimate.message(answer, provider: provider) - TokenEstimate.perMessage)
    }

    public static func usage(for request: LLMRequest, text: String, calls: [ToolCall], provider: String) -> Usage {
        Usage(inputTokens: Int64(TokenEstimate.request(request, provider: provider)), outputTokens: output(text: text, calls: calls, provider: provider),
              estimated: true)
    }
}
