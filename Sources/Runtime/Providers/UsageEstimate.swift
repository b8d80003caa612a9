import JSON

/// Token counts for a model call whose provider reported none (an
/// OpenAI-compatible server that ignores `include_usage`, a stream cut
/// before its usage chunk, the scripted model without `usage`), marked
/// `estimated`. No tokenizer ships for Swift and each provider has its own,
/// so: ASCII text at four characters per token, every other Unicode scalar
/// (CJK, most emoji) a token of its own, four tokens of framing per message
/// and per tool call, tool schemas counted as their JSON text. Real
/// tokenizers land within about ±25 % of this on English prose and code.
public enum UsageEstimate {
    static let perMessage = 4

    public static func tokens(_ text: String) -> Int64 {
        var ascii = 0, other = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII { ascii += 1 } else { other += 1 }
        }
        return Int64((ascii + 3) / 4 + other)
    }

    /// The prompt's tokens: its messages (with their tool calls) and the tools offered.
    public static func input(_ request: LLMRequest) -> Int64 {
        var total: Int64 = 0
        for message in request.messages {
            total += Int64(perMessage) + tokens(message.content)
            for call in message.toolCalls ?? [] { total += Int64(perMessage) + tokens(call.name) + tokens(call.arguments.description) }
        }
        for tool in request.tools {
            total += Int64(perMessage) + tokens(tool.name) + tokens(tool.description) + tokens(tool.inputSchema.description)
        }
        return total
    }

    /// The answer's tokens: its text and tool calls.
    public static func output(text: String, calls: [ToolCall]) -> Int64 {
        calls.reduce(tokens(text)) { $0 + Int64(perMessage) + tokens($1.name) + tokens($1.arguments.description) }
    }

    public static func usage(for request: LLMRequest, text: String, calls: [ToolCall]) -> Usage {
        Usage(inputTokens: input(request), outputTokens: output(text: text, calls: calls), estimated: true)
    }
}
