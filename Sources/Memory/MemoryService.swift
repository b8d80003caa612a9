import Foundation
import JSON
import Store

/// The memory of one process (DESIGN §8): core blocks, episodic and archival
/// memories, hybrid retrieval and automatic run summaries over one database
/// and one embedder. The runtime owns one and hands it to tools and the
/// executor; the host's `memory/*` methods call it. Share it freely.
public final class MemoryService: Sendable {
    public let database: Database
    public let embedder: any Embedder
    public let limits: MemoryLimits
    public let store: MemoryStore
    public let core: CoreMemory
    public let retriever: HybridRetriever
    /// Group blackboard entries, written as episodic memory of the group.
    public let blackboard: BlackboardMemory
    let vectorIndex: SQLiteVectorIndex

    /// `hybridAlpha` is `embedding.alpha`, the vector share of hybrid scores.
    public init(database: Database, embedder: any Embedder, limits: MemoryLimits = .standard,
                chunking: ChunkingOptions = ChunkingOptions(), hybridAlpha: Double = 0.5) {
        self.database = database
        self.embedder = embedder
        self.limits = limits
        vectorIndex = SQLiteVectorIndex()
        store = MemoryStore(database: database, embedder: embedder, chunker: MarkdownChunker(options: chunking), limits: limits)
        core = CoreMemory(database: database, limits: limits)
        blackboard = BlackboardMemory(database: database, store: store, embedderName: embedder.name)
        var retriever = HybridRetriever(database: database, embedder: embedder, vectorIndex: vectorIndex, limits: limits)
        retriever.alpha = hybridAlpha
        self.retriever = retriever
    }

    public func write(_ new: NewMemory, in scope: Scope) async throws -> MemoryItem {
        try await store.write(new, in: scope)
    }

    public func search(_ request: SearchRequest, in scope: Scope) async throws -> SearchResult {
        try await retriever.search(request, in: scope)
    }

    public func get(_ id: String, in scope: Scope) async throws -> MemoryItem {
        try await store.get(id, in: scope)
    }

    public func list(in scope: Scope, tier: MemoryTier? = nil, limit: Int = 20, cursor: String? = nil) async throws -> MemoryStore.Page {
        try await store.list(in: scope, tier: tier, limit: limit, cursor: cursor)
    }

    public func delete(_ id: String, in scope: Scope) async throws {
        try await store.delete(id, in: scope)
    }

    /// What a finished run leaves behind, in one transaction: its episodic
    /// summary (replacing one written by an earlier attempt of the same run)
    /// and the promotion of the facts it marked durable. `summary` is a
    /// model-written one (`RunSummarizer.summary(of:written:model:)`); nil
    /// writes the extractive summary.
    public func recordRun(_ transcript: RunTranscript, summary: NewMemory? = nil, in scope: Scope, now: Date = Date()) async throws -> RunMemory {
        let prepared = try await store.prepare([summary ?? RunSummarizer.summary(of: transcript)])
        let dialect = database.dialect, name = embedder.name
        return try await database.transaction(.tenant(scope)) { c in
            let summary = try MemoryStore.insert(prepared[0], embedder: name, in: scope, now: now, dialect: dialect, c)
            let promoted = try MemoryStore.promoteDurable(runID: transcript.runID, in: scope, now: now, dialect: dialect, c)
            return RunMemory(summary: summary, promoted: promoted)
        }
    }

    /// A re-embedding job with this service's embedder (or another).
    public func reembedder(with other: (any Embedder)? = nil) -> Reembedder {
        Reembedder(database: database, embedder: other ?? embedder, vectorIndex: vectorIndex)
    }
}

/// What `recordRun` wrote: the summary and the ids of promoted memories.
public struct RunMemory: Sendable, Equatable {
    public var summary: MemoryItem
    public var promoted: [String]
}
