import JSON

/// How many tokens a prompt takes, estimated without the provider's
/// tokenizer (none ships for Swift, and each provider has its own): ASCII
/// text at a provider's characters per token, every other scalar (CJK, most
/// emoji) as a token of its own, a few tokens of framing per message and per
/// tool call, and the tools' schemas as text. It errs high, which is the safe
/// side for deciding when to compact.
public enum TokenEstimate {
    /// Characters of ASCII per token: Anthropic's tokenizer splits finer than OpenAI's.
    static func charsPerToken(_ provider: String) -> Double {
        switch provider {
        case "anthropic": return 3.5
        default: return 4.0
        }
    }

    /// Framing a message costs beside its text (role, separators).
    static let perMessage = 4

    public static func text(_ text: String, provider: String) -> Int {
        var ascii = 0, other = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII { ascii += 1 } else { other += 1 }
        }
        return Int((Double(ascii) / charsPerToken(provider)).rounded(.up)) + other
    }

    public static func message(_ message: ChatMessage, provider: String) -> Int {
        var total = perMessage + text(message.content, provider: provider)
        for call in message.toolCalls ?? [] {
            total += perMessage + text(call.name, provider: provider) + text(call.arguments.description, provider: provider)
        }
        return total
    }

    public static func messages(_ messages: [ChatMessage], provider: String) -> Int {
        messages.reduce(0) { $0 + message($1, provider: provider) }
    }

    public static func tools(_ tools: [ToolSpec], provider: String) -> Int {
        tools.reduce(0) { $0 + perMessage + text($1.name + $1.description + $1.inputSchema.description, provider: provider) }
    }

    /// The whole request as the model will see it.
    public static func request(_ request: LLMRequest, provider: String) -> Int {
        messages(request.messages, provider: provider) + tools(request.tools, provider: provider)
    }

    /// The window assumed when none is configured.
    public static func defaultContextWindow(_ provider: String) -> Int {
        switch provider {
        case "anthropic": return 200_000
        case "gemini": return 1_000_000
        default: return 128_000
        }
    }
}
