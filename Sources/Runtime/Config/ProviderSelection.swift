/// Which model provider a process uses when a run does not name one: the
/// configured `llm.provider`, else the first provider whose key is set, else
/// the scripted provider (so nothing ever needs a key to start).
public struct ProviderSelection: Sendable {
    public let provider: String
    public let reason: String
    public let apiKey: String?

    public var needsKey: Bool { provider != "scripted" }
    public var hasKey: Bool { apiKey != nil }

    public init(config: Config) {
        let keyed: [(String, String)] = [("openai", "llm.openai.apiKey"), ("anthropic", "llm.anthropic.apiKey"), ("gemini", "llm.gemini.apiKey")]
        if var chosen = config.string("llm.provider") {
            if chosen == "mock" { chosen = "scripted" }
            provider = chosen
            reason = "llm.provider from \(config.source("llm.provider")?.source.description ?? "config")"
            let own = keyed.first { $0.0 == chosen }.flatMap { config.string($0.1) }
            apiKey = config.string("llm.apiKey") ?? own
            return
        }
        for (name, key) in keyed {
            if let value = config.string(key) {
                provider = name
                reason = "its API key is set"
                apiKey = config.string("llm.apiKey") ?? value
                return
            }
        }
        provider = "scripted"
        reason = "no provider key is configured"
        apiKey = nil
    }
}
