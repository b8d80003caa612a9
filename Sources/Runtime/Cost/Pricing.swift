import JSON

/// The price of one model, in US dollars per million tokens (`pricing` in
/// the config). Cached input defaults to the input price.
public struct ModelPrice: Codable, Sendable, Equatable {
    public var inputPerMtok: Double
    public var outputPerMtok: Double
    public var cachedInputPerMtok: Double?

    public init(inputPerMtok: Double, outputPerMtok: Double, cachedInputPerMtok: Double? = nil) {
        self.inputPerMtok = inputPerMtok
        self.outputPerMtok = outputPerMtok
        self.cachedInputPerMtok = cachedInputPerMtok
    }

    enum CodingKeys: String, CodingKey {
        case inputPerMtok = "input_per_mtok", outputPerMtok = "output_per_mtok", cachedInputPerMtok = "cached_input_per_mtok"
    }

    public static let schema = Schema.object([
        "input_per_mtok": Schema.number(minimum: 0, maximum: 1_000_000),
        "output_per_mtok": Schema.number(minimum: 0, maximum: 1_000_000),
        "cached_input_per_mtok": Schema.number(minimum: 0, maximum: 1_000_000),
    ], required: ["input_per_mtok", "output_per_mtok"])
}

/// The price table: `{"openai/gpt-4o": {input_per_mtok, output_per_mtok,
/// cached_input_per_mtok}}`. A call is priced by `provider/model`, else by
/// the bare model name, else by `provider/*`; a model with no price costs 0.
/// Costs are whole billionths of a dollar, rounded once per model call
/// (half away from zero), so any sum of them is exact.
public struct Pricing: Sendable, Equatable {
    public var prices: [String: ModelPrice]

    public init(_ prices: [String: ModelPrice] = [:]) {
        self.prices = prices
    }

    public static let schema = Schema.map(ModelPrice.schema)

    public func price(provider: String, model: String) -> ModelPrice? {
        prices["\(provider)/\(model)"] ?? prices[model] ?? prices["\(provider)/*"]
    }

    /// What `usage` costs at `provider/model`'s prices, in nano-dollars.
    /// Input tokens include the cached ones (every provider's counts do,
    /// as we map them); those are charged at the cached price.
    public func costNanos(of usage: Usage, provider: String, model: String) -> Int64 {
        guard let p = price(provider: provider, model: model) else { return 0 }
        let cached = min(max(usage.cachedTokens, 0), max(usage.inputTokens, 0))
        let fresh = max(usage.inputTokens, 0) - cached
        // $ per Mtok × tokens / 10^6 = $ ; × 10^9 for nano-dollars.
        let nanos = Double(fresh) * p.inputPerMtok * 1000 + Double(cached) * (p.cachedInputPerMtok ?? p.inputPerMtok) * 1000
            + Double(max(usage.outputTokens, 0)) * p.outputPerMtok * 1000
        return Int64(nanos.rounded(.toNearestOrAwayFromZero))
    }

    /// `usage` with its model and cost set.
    public func priced(_ usage: Usage, provider: String, model: String) -> Usage {
        var u = usage
        u.model = "\(provider)/\(model)"
        u.costNanos = costNanos(of: usage, provider: provider, model: model)
        return u
    }
}
