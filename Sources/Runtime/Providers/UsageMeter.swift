/// Turns what a provider reported about a model call into the usage a run
/// records: estimated when the provider reported nothing (`UsageEstimate`),
/// then priced (`Pricing`) and labelled with `provider/model`.
public struct UsageMeter: Sendable {
    public var pricing: Pricing

    public init(pricing: Pricing = Pricing()) {
        self.pricing = pricing
    }

    /// `reported` is nil when the stream carried no usage.
    public func measured(_ reported: Usage?, request: LLMRequest, text: String, calls: [ToolCall], provider: String) -> Usage {
        priced(reported ?? UsageEstimate.usage(for: request, text: text, calls: calls, provider: provider), provider: provider, model: request.model)
    }

    public func priced(_ usage: Usage, provider: String, model: String) -> Usage {
        pricing.priced(usage, provider: provider, model: model)
    }
}
