/// Builds the provider a run's agent names, from its spec and the process
/// configuration (keys come from configuration only, never from a request).
public struct ProviderResolver: Sendable {
    public let config: Config

    public init(config: Config) {
        self.config = config
    }

    public func provider(for spec: AgentSpec) throws -> any LLMProvider {
        switch spec.provider ?? "scripted" {
        case "scripted", "mock":
            return ScriptedProvider(script: spec.script)
        case let other:
            throw ProviderError(provider: other, message: "provider \(other) is not available in this build")
        }
    }
}
