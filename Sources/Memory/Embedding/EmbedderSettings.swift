/// Which embedder a process uses, read from `embedding.*` settings by the
/// runtime (Memory does not read configuration itself).
public struct EmbedderSettings: Sendable, Equatable {
    /// `hash` (offline default) or `openai` (the seed's `api` is an alias).
    public var provider: String
    public var dimension: Int
    public var apiURL: String?
    public var apiModel: String
    public var apiKey: String?

    public init(provider: String = "hash", dimension: Int = 256, apiURL: String? = nil,
                apiModel: String = "text-embedding-3-small", apiKey: String? = nil) {
        self.provider = provider
        self.dimension = dimension
        self.apiURL = apiURL
        self.apiModel = apiModel
        self.apiKey = apiKey
    }

    /// The configured embedder; `openai` without a URL is an error, not a silent fallback.
    public func makeEmbedder(transport: any EmbeddingTransport = CurlEmbeddingTransport()) throws -> any Embedder {
        switch provider {
        case "hash":
            return HashEmbedder(dimension: dimension)
        case "openai", "api":
            guard let apiURL, !apiURL.isEmpty else {
                throw MemoryError(.invalidInput, "embedding.provider \(provider) needs embedding.apiUrl (e.g. http://127.0.0.1:11434/v1)", field: "embedding.apiUrl")
            }
            return OpenAIEmbedder(baseURL: apiURL, model: apiModel, dimension: dimension, apiKey: apiKey, transport: transport)
        default:
            throw MemoryError(.invalidInput, "unknown embedder \(provider); use hash or openai", field: "embedding.provider")
        }
    }
}
