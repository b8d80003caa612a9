import Store

/// Tokens spent by one model call, or summed over a run, and what they cost.
/// `estimated` marks counts we estimated because the provider reported none
/// (`UsageEstimate`); it sticks through sums. `costNanos` is the cost in
/// billionths of a US dollar, priced once per call (`Pricing`), so sums
/// over steps, runs and groups are exact. `model` (`provider/model`) says
/// whose prices applied; it is nil for a sum over several models and is
/// not written into checkpoints.
public struct Usage: Codable, Sendable, Equatable {
    public var inputTokens: Int64
    public var outputTokens: Int64
    public var cachedTokens: Int64
    public var estimated: Bool
    public var costNanos: Int64
    public var model: String?

    public init(inputTokens: Int64 = 0, outputTokens: Int64 = 0, cachedTokens: Int64 = 0, estimated: Bool = false, costNanos: Int64 = 0,
                model: String? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedTokens = cachedTokens
        self.estimated = estimated
        self.costNanos = costNanos
        self.model = model
    }

    /// A run's stored totals.
    public init(_ stored: TokenUsage) {
        self.init(inputTokens: stored.inputTokens, outputTokens: stored.outputTokens, cachedTokens: stored.cachedTokens,
                  estimated: stored.estimated, costNanos: stored.costNanos, model: stored.model)
    }

    public var costUsd: Double { Double(costNanos) / 1e9 }

    public static func + (a: Usage, b: Usage) -> Usage {
        let zeroA = a.inputTokens == 0 && a.outputTokens == 0 && a.costNanos == 0
        return Usage(inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens,
                     cachedTokens: a.cachedTokens + b.cachedTokens, estimated: a.estimated || b.estimated, costNanos: a.costNanos + b.costNanos,
                     model: zeroA ? (b.model ?? a.model) : (a.model == b.model || b.model == nil ? a.model : nil))
    }

    enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedTokens = "cached_tokens", estimated
        case costNanos = "cost_nanos"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inputTokens = try c.decodeIfPresent(Int64.self, forKey: .inputTokens) ?? 0
        outputTokens = try c.decodeIfPresent(Int64.self, forKey: .outputTokens) ?? 0
        cachedTokens = try c.decodeIfPresent(Int64.self, forKey: .cachedTokens) ?? 0
        estimated = try c.decodeIfPresent(Bool.self, forKey: .estimated) ?? false
        costNanos = try c.decodeIfPresent(Int64.self, forKey: .costNanos) ?? 0
        model = nil
    }

    /// Counts always; the flag and the cost only when set (checkpoints stay small).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(inputTokens, forKey: .inputTokens)
        try c.encode(outputTokens, forKey: .outputTokens)
        try c.encode(cachedTokens, forKey: .cachedTokens)
        if estimated { try c.encode(true, forKey: .estimated) }
        if costNanos != 0 { try c.encode(costNanos, forKey: .costNanos) }
    }
}
