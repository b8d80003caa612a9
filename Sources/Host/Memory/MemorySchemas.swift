import JSON
import Memory
import Runtime

/// Schemas shared by the memory methods.
enum MemorySchemas {
    static let memoryID = SafeIDSchema.id(description: "A memory id as memory/write, memory/list or memory/search return it (mem_…, or bb_… for blackboard entries).")
    static let tier = Schema.oneOf(strings: ["core", "episodic", "archival"])
    static let id = SafeIDSchema.id
    static let label = Schema.string(minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_.-]+$", description: "Block name, e.g. human, persona, task.")

    /// A stored memory (`text` only where the whole memory is asked for).
    static let memory = Schema.object([
        "id": Schema.string(), "tier": tier, "title": Schema.string(), "uri": Schema.string(), "text": Schema.string(),
        "metadata": Schema.map(Schema.any), "importance": Schema.number(minimum: 0, maximum: 1),
        "role_id": Schema.string(), "group_id": Schema.string(), "user_id": Schema.string(),
        "source_type": Schema.string(), "source_key": Schema.string(),
        "chunk_count": Schema.integer(minimum: 0), "created_at": Schema.timestamp, "updated_at": Schema.timestamp,
    ], required: ["id", "tier", "metadata", "importance", "chunk_count", "created_at", "updated_at"])

    static let component = Schema.object(["rank": Schema.integer(minimum: 1), "score": Schema.number()], required: ["rank", "score"])

    /// One search hit: the best chunk of a memory with its fused and component scores.
    static let hit = Schema.object([
        "id": Schema.string(minLength: 1, description: "The chunk's id."), "memory_id": Schema.string(), "tier": tier,
        "title": Schema.nullable(Schema.string()), "snippet": Schema.string(), "chunk_index": Schema.integer(minimum: 0),
        "created_at": Schema.timestamp,
        "score": Schema.number(minimum: 0),
        "components": Schema.object(["text": component, "vector": component]),
    ], required: ["id", "memory_id", "tier", "title", "snippet", "score", "components"])

    static let block = Schema.object([
        "id": Schema.string(), "label": Schema.string(), "content": Schema.string(), "role_id": Schema.nullable(Schema.string()),
        "char_limit": Schema.integer(minimum: 1), "chars": Schema.integer(minimum: 0),
        "created_at": Schema.timestamp, "updated_at": Schema.timestamp,
    ], required: ["id", "label", "content", "role_id", "char_limit", "chars", "created_at", "updated_at"])
}

/// Results of the memory methods, for their examples.
enum MemoryExamples {
    static let memory = MemoryView(
        id: "mem_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", tier: .archival, title: "Deploy guide", uri: "file:///docs/deploy.md",
        text: "# Deploy guide\n\nRoll back by redeploying the previous tag.", metadata: ["team": "platform"], importance: 0.9, userID: "ann",
        chunkCount: 2, createdAt: "2026-12-06T21:00:00.000Z", updatedAt: "2026-12-06T21:00:00.000Z")

    static let hit = SearchHitView(
        id: "chk_01MB4ZC8JE0C2E4G6J8M0P2R4T", memoryID: memory.id, tier: .archival, title: memory.title,
        snippet: "Roll back by redeploying the previous tag.", chunkIndex: 1, createdAt: memory.createdAt, score: 0.0328,
        components: .init(text: .init(rank: 1, score: 2.41), vector: .init(rank: 1, score: 0.83)))

    static let block = CoreBlockView(id: "core_01MB4ZC8JP2R4T6V8X0Z2B4D6F", label: "human", content: "Name: Ada. Prefers short answers.",
                                     charLimit: 2000, createdAt: "2026-12-06T21:00:00.000Z", updatedAt: "2026-12-06T21:00:00.000Z")
}
