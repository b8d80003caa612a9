import JSON

/// `memory.retrieved`: what the prompt was given from memory this step.
public struct MemoryRetrievedPayload: EventPayload {
    public struct Hit: Encodable, Sendable {
        public var id: String
        public var memoryID: String
        public var tier: String
        public var score: Double

        enum CodingKeys: String, CodingKey { case id, memoryID = "memory_id", tier, score }
    }

    public static let type = EventType.memoryRetrieved
    public var query: String
    public var mode = "hybrid"
    public var coreBlocks: [String]
    public var hits: [Hit]
    public var durationMs: Int64
    public var error: String?

    enum CodingKeys: String, CodingKey { case query, mode, coreBlocks = "core_blocks", hits, durationMs = "duration_ms", error }

    public init(query: String, coreBlocks: [String], hits: [Hit], durationMs: Int64, error: String? = nil) {
        (self.query, self.coreBlocks, self.hits, self.durationMs, self.error) = (query, coreBlocks, hits, durationMs, error)
    }

    public static let example = MemoryRetrievedPayload(
        query: "deployment schedule", coreBlocks: ["persona", "human"],
        hits: [Hit(id: "chk_1", memoryID: "mem_1", tier: "archival", score: 0.82)], durationMs: 4)
}

/// `memory.summarized`: a model wrote the run's summary into memory.
public struct MemorySummarizedPayload: EventPayload {
    public static let type = EventType.memorySummarized
    public var memoryID: String
    /// `model`, or `extractive` when the model's summary could not be used.
    public var summarizer: String
    public var promoted: [String]
    public var model: String
    public var usage: UsagePayload
    public var error: String?

    enum CodingKeys: String, CodingKey { case memoryID = "memory_id", summarizer, promoted, model, usage, error }

    public static let example = MemorySummarizedPayload(
        memoryID: "mem_1", summarizer: "model", promoted: ["mem_2"], model: "gpt-4o-mini", usage: UsagePayload(inputTokens: 300, outputTokens: 60))
}
