/// Builds the provider a run's agent names, from its spec and the process
/// configuration. Keys come from configuration only, never from a request —
/// and a configured key is sent only to its provider's configured (or
/// official) base URL, so a request that points `base_url` elsewhere cannot
/// have our key delivered to a server of its choosing.
public struct ProviderResolver: Sendable {
    public let config: Config

    public init(config: Config) {
        self.config = config
    }

    public func provider(for spec: ModelChoice) throws -> any LLMProvider {
        try ProviderFactory.make(settings(for: spec))
    }

    func settings(for spec: ModelChoice) -> ProviderSettings {
        var name = (spec.provider ?? ProviderSelection(config: config).provider).lowercased()
        if name == "mock" { name = "scripted" }
        if name == "scripted" { return ProviderSettings(provider: name, model: spec.model, script: spec.script) }
        let configured = ProviderSelection(config: config)
        let trusted = [
            configured.provider == name ? config.string("llm.baseUrl") : nil,
            config.string("llm.\(name).baseUrl"),
            ProviderFactory.defaultBaseURLs[name],
        ].compactMap { $0 }
        let baseURL = spec.baseURL ?? trusted.first
        var key = config.string("llm.\(name).apiKey")
        if configured.provider == name, let general = config.string("llm.apiKey") { key = general }
        if let baseURL, !trusted.contains(baseURL) { key = nil }
        let model = spec.model.flatMap { $0 == "scripted-default" ? nil : $0 }
        return ProviderSettings(provider: name, model: model, baseURL: baseURL, apiKey: key, temperature: spec.temperature, maxTokens: spec.maxTokens)
    }
}
