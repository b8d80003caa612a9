import Logging
import Memory

/// How the runtime uses memory, from `memory.*` and `embedding.*` settings.
public struct MemorySettings: Sendable, Equatable {
    public var enabled: Bool
    /// Memories retrieved into each step's prompt.
    public var promptTopK: Int
    public var autoSummary: Bool
    /// Who writes run summaries (`memory.summarizer`).
    var summarizer: ModelSummary.Mode
    public var embedder: EmbedderSettings
    /// `embedding.alpha`: the vector share of hybrid retrieval scores.
    public var hybridAlpha: Double

    public init(config: Config) {
        enabled = config["memory.enabled"]?.boolValue ?? true
        promptTopK = Int(config.int("memory.promptTopK") ?? 4)
        autoSummary = config["memory.autoSummary"]?.boolValue ?? true
        summarizer = config.string("memory.summarizer").flatMap(ModelSummary.Mode.init) ?? .extractive
        hybridAlpha = config.double("embedding.alpha") ?? 0.5
        embedder = EmbedderSettings(
            provider: config.string("embedding.provider") ?? "hash", dimension: Int(config.int("embedding.dimension") ?? 256),
            apiURL: config.string("embedding.apiUrl"), apiModel: config.string("embedding.apiModel") ?? "text-embedding-3-small",
            apiKey: config.string("embedding.apiKey") ?? config.string("llm.openai.apiKey"))
    }

    /// The configured embedder; a broken setting falls back to `hash` with a
    /// warning rather than taking storage down (vectors are tagged with
    /// their embedder, so nothing mixes; `oi-host memory reembed` fixes it later).
    public func makeEmbedder(logger: Logger) -> any Embedder {
        do { return try embedder.makeEmbedder() } catch {
            logger.warning("embedder unavailable; using hash", metadata: ["error": .string("\(error)")])
            return HashEmbedder(dimension: embedder.dimension)
        }
    }
}
