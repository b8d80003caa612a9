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

/// The `pricing` setting: `{"openai/gpt-4o": {input_per_mtok, output_per_mtok,
/// cached_input_per_mtok}}`. A call is priced by `provider/model`, else by
/// the bare model name, else by `provider/*`.
public struct PriceTable: Sendable, Equatable {
    public var prices: [String: ModelPrice]

    public init(_ prices: [String: ModelPrice] = [:]) {
        self.prices = prices
    }

    public static let schema = Schema.map(ModelPrice.schema)

    public func price(provider: String, model: String) -> ModelPrice? {
        prices["\(provider)/\(model)"] ?? prices[model] ?? prices["\(provider)/*"]
    }
}
