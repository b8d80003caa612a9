/// What a run asks of its model — the part of an agent spec the provider
/// layer reads. Runs build it from their `AgentSpec`, so providers know
/// nothing of runs.
public struct ModelChoice: Sendable {
    public var provider: String?
    public var model: String?
    public var baseURL: String?
    public var temperature: Double?
    public var maxTokens: Int?
    public var script: ScriptedProvider.Script?

    public init(
        provider: String? = nil, model: String? = nil, baseURL: String? = nil,
        temperature: Double? = nil, maxTokens: Int? = nil, script: ScriptedProvider.Script? = nil
    ) {
        (self.provider, self.model, self.baseURL) = (provider, model, baseURL)
        (self.temperature, self.maxTokens, self.script) = (temperature, maxTokens, script)
    }
}
