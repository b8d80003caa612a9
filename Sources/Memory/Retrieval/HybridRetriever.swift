import Foundation
import Store

/// Hybrid retrieval (DESIGN §8): a full-text component and a vector
/// component, each filtered by scope, tiers and filters in SQL, fused with
/// reciprocal rank fusion (k = 60). Both components rank memories, not
/// chunks: a memory counts once per component, at its best chunk.
///
/// - Full text: the database picks a pool of matching chunks (FTS5 or the
///   tsvector GIN index), `BM25Scorer` orders it.
/// - Vectors: pgvector HNSW on PostgreSQL; an exact SIMD scan on SQLite
///   (`SQLiteVectorIndex`). Only vectors of the current embedder (name and
///   dimension) are compared.
public struct HybridRetriever: Sendable {
    let database: Database
    let embedder: any Embedder
    let vectorIndex: SQLiteVectorIndex
    let limits: MemoryLimits
    /// Chunks the full-text pool may hold; BM25's statistics come from it.
    public var textPoolSize = 400
    /// Memories each component ranks for fusion (at least `k`).
    public var componentDepth = 50
    /// pgvector's `hnsw.ef_search` floor (raised to the depth when larger).
    public var efSearch = 100

    init(database: Database, embedder: any Embedder, vectorIndex: SQLiteVectorIndex, limits: MemoryLimits) {
        self.database = database
        self.embedder = embedder
        self.vectorIndex = vectorIndex
        self.limits = limits
    }

    public func search(_ request: SearchRequest, in scope: Scope) async throws -> SearchResult {
        try validate(request)
        let query = FullTextQuery(request.query)
        let filter = ChunkFilter(scope: scope, tiers: request.tiers ?? MemoryTier.allCases, filters: request.filters)
        let depth = max(request.k, componentDepth)

        var textList: [ChunkRow] = []
        var textCount = 0
        if request.mode != .vector {
            let pool = try await database.transaction(.tenant(scope), .read) { [textPoolSize] c in
                try TextSearch.pool(query, filter: filter, limit: max(textPoolSize, depth), in: c)
            }
            textCount = pool.count
            let ranked = BM25Scorer().rank(terms: query.terms, documents: pool.map(\.content), keys: pool.map(\.id))
            textList = Self.bestPerMemory(ranked.map { var row = pool[$0.index]; row.score = $0.score; return row }, depth: depth)
        }

        var vectorList: [ChunkRow] = []
        var vectorCount = 0
        var usedEmbedder: String?
        if request.mode != .text {
            let vector = try await queryVector(request)
            usedEmbedder = embedder.name
            if !VectorMath.isZero(vector) {
                // Several chunks of one memory may lead the list: ask for more chunks than memories.
                let chunks = depth * 2
                let rows: [ChunkRow]
                switch database.dialect {
                case .postgres:
                    rows = try await database.transaction(.tenant(scope), .read) { [efSearch, embedder] c in
                        try PostgresVectorSearch.search(vector, embedder: embedder.name, filter: filter, limit: chunks,
                                                        efSearch: max(efSearch, chunks), in: c)
                    }
                case .sqlite:
                    rows = try await vectorIndex.search(vector, embedder: embedder.name, filter: filter, limit: chunks, database: database)
                }
                vectorCount = rows.count
                // A cosine similarity of zero or less means no relation at all; such
                // chunks would only pad the list with noise.
                let ordered = rows.filter { VectorScore.stable($0.score) > 0 }.sorted { a, b in
                    let x = VectorScore.stable(a.score), y = VectorScore.stable(b.score)
                    return x != y ? x > y : a.id < b.id
                }
                vectorList = Self.bestPerMemory(ordered, depth: depth)
            }
        }

        let fused = RankFusion.fuse([textList.map(\.memoryID), vectorList.map(\.memoryID)])
        let textRank = Dictionary(uniqueKeysWithValues: textList.enumerated().map { ($1.memoryID, ($0 + 1, $1)) })
        let vectorRank = Dictionary(uniqueKeysWithValues: vectorList.enumerated().map { ($1.memoryID, ($0 + 1, $1)) })
        let hits: [SearchHit] = fused.prefix(request.k).compactMap { entry in
            let t = textRank[entry.key], v = vectorRank[entry.key]
            // Show the chunk of the component where the memory ranked better.
            guard let row = (t != nil && (v == nil || t!.0 <= v!.0)) ? t?.1 : v?.1 else { return nil }
            return SearchHit(
                id: row.id, memoryID: row.memoryID, tier: row.tier, title: row.title,
                snippet: Snippet.make(row.content, terms: query.terms), chunkIndex: row.chunkIndex, createdAt: row.createdAt,
                score: entry.score,
                text: t.map { SearchHit.Component(rank: $0.0, score: BM25Scorer.stable($0.1.score)) },
                vector: v.map { SearchHit.Component(rank: $0.0, score: VectorScore.stable($0.1.score)) })
        }
        return SearchResult(hits: hits, mode: request.mode, embedder: usedEmbedder, textCandidates: textCount, vectorCandidates: vectorCount)
    }

    /// The first (best) chunk of each memory, up to `depth` memories.
    static func bestPerMemory(_ rows: [ChunkRow], depth: Int) -> [ChunkRow] {
        var seen = Set<String>()
        var out: [ChunkRow] = []
        for row in rows where seen.insert(row.memoryID).inserted {
            out.append(row)
            if out.count == depth { break }
        }
        return out
    }

    func queryVector(_ request: SearchRequest) async throws -> [Float] {
        if let given = request.vector { return VectorMath.normalized(given) }
        return try await embedder.embed(request.query)
    }

    func validate(_ request: SearchRequest) throws {
        let trimmed = request.query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw MemoryError.invalid("query must not be empty", field: "query") }
        guard request.query.count <= limits.maxQueryChars else {
            throw MemoryError.invalid("query is longer than \(limits.maxQueryChars) characters", field: "query")
        }
        guard (1...limits.maxResults).contains(request.k) else {
            throw MemoryError.invalid("k must be between 1 and \(limits.maxResults)", field: "k")
        }
        if let tiers = request.tiers, tiers.isEmpty { throw MemoryError.invalid("tiers must name at least one tier", field: "tiers") }
        if let vector = request.vector {
            guard vector.count == embedder.dimension else {
                throw MemoryError.invalid("vector has \(vector.count) dimensions; the \(embedder.name) embedder's vectors have \(embedder.dimension)", field: "vector")
            }
            guard vector.allSatisfy(\.isFinite), !VectorMath.isZero(vector) else {
                throw MemoryError.invalid("vector must be finite and not all zeros", field: "vector")
            }
        }
        try MemoryValidation.optionalID(request.filters.roleID, field: "filters.role_id")
        try MemoryValidation.optionalID(request.filters.groupID, field: "filters.group_id")
        if let from = request.filters.createdFrom, let before = request.filters.createdBefore, from >= before {
            throw MemoryError.invalid("created_from must be before created_before", field: "filters.created_from")
        }
        try ChunkFilter.validate(request.filters.metadata)
    }
}
