import HTTP

/// The plain settings a run names its model by; the run engine turns them
/// into a provider with `ProviderFactory.make`. The key is never shown.
public struct ProviderSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `openai`, `anthropic`, `gemini`, or `scripted` (alias `mock`).
    public var provider: String
    public var model: String?
    public var baseURL: String?
    public var apiKey: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var retry: RetryPolicy?
    public var timeouts: HTTPTimeouts
    /// For `scripted` only.
    public var script: ScriptedProvider.Script?

    public init(
        provider: String, model: String? = nil, baseURL: String? = nil, apiKey: String? = nil, temperature: Double? = nil,
        maxTokens: Int? = nil, retry: RetryPolicy? = nil, timeouts: HTTPTimeouts = ProviderConfiguration.defaultTimeouts,
        script: ScriptedProvider.Script? = nil
    ) {
        self.provider = provider
        self.model = model
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.retry = retry
        self.timeouts = timeouts
        self.script = script
    }

    /// The process configuration's choice: `llm.provider` (or the provider
    /// whose key is set), `llm.model`, `llm.baseUrl` else the provider's own
    /// base URL, the key, `llm.temperature`, `llm.maxTokens`.
    public init(config: Config) {
        let selection = ProviderSelection(config: config)
        self.init(
            provider: selection.provider, model: config.string("llm.model"),
            baseURL: config.string("llm.baseUrl") ?? config.string("llm.\(selection.provider).baseUrl"),
            apiKey: selection.apiKey, temperature: config.double("llm.temperature"),
            maxTokens: config.int("llm.maxTokens").map { Int($0) })
    }

    public var description: String {
        "ProviderSettings(provider: \(provider), model: \(model ?? "default"), baseURL: \(baseURL ?? "default"), apiKey: \(apiKey == nil ? "none" : "***"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["provider": provider, "model": model as Any, "baseURL": baseURL as Any, "apiKey": apiKey == nil ? "none" : "***"], displayStyle: .struct)
    }
}

/// Builds providers from settings: the one place that knows every provider's
/// defaults (base URL, model, retry rule) and which ones need a key.
public enum ProviderFactory {
    public static let defaultBaseURLs = [
        "openai": "https://api.openai.com/v1",
        "anthropic": "https://api.anthropic.com",
        "gemini": "https://generativelanguage.googleapis.com",
    ]

    public static let defaultModels = [
        "openai": "gpt-4o-mini",
        "anthropic": "claude-sonnet-4-5",
        "gemini": "gemini-2.5-flash",
    ]

    /// Throws `ProviderError` for an unknown provider or a missing key
    /// (OpenAI-compatible servers other than api.openai.com may go without).
    public static func make(_ settings: ProviderSettings, client: HTTPClient = .shared) throws -> any LLMProvider {
        let name = settings.provider.lowercased() == "mock" ? "scripted" : settings.provider.lowercased()
        if name == "scripted" { return ScriptedProvider(script: settings.script) }
        guard let baseURL = settings.baseURL ?? defaultBaseURLs[name], let defaultModel = defaultModels[name] else {
            throw ProviderError(provider: name, message: "unknown provider '\(name)'; expected openai, anthropic, gemini or scripted")
        }
        let key = settings.apiKey.flatMap { $0.isEmpty ? nil : $0 }
        let keyOptional = name == "openai" && baseURL != defaultBaseURLs["openai"]
        if key == nil, !keyOptional {
            throw ProviderError(provider: name, message: "no API key is configured for \(name)")
        }
        let configuration = ProviderConfiguration(
            baseURL: baseURL, apiKey: key, model: settings.model ?? defaultModel, temperature: settings.temperature,
            maxTokens: settings.maxTokens, retry: settings.retry ?? (name == "openai" ? .openAI : .anthropic), timeouts: settings.timeouts)
        switch name {
        case "openai": return OpenAIProvider(configuration: configuration, client: client)
        case "anthropic": return AnthropicProvider(configuration: configuration, client: client)
        default: return GeminiProvider(configuration: configuration, client: client)
        }
    }
}
