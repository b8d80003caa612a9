/// Costs model calls at the configured prices (`PriceTable`, the
/// `pricing` setting). Costs are whole billionths of a dollar, rounded once
/// per model call (half away from zero), so any sum of them is exact; a
/// model with no price costs 0.
public struct Pricing: Sendable, Equatable {
    public var table: PriceTable

    public init(_ table: PriceTable = PriceTable()) {
        self.table = table
    }

    public init(_ prices: [String: ModelPrice]) {
        table = PriceTable(prices)
    }

    /// What `usage` costs at `provider/model`'s prices, in nano-dollars.
    /// Input tokens include the cached ones (every provider's counts do,
    /// as we map them); those are charged at the cached price.
    public func costNanos(of usage: Usage, provider: String, model: String) -> Int64 {
        guard let p = table.price(provider: provider, model: model) else { return 0 }
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
