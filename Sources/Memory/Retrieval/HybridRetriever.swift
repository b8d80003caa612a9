import Foundation
import JSON
import Store

/// Hybrid retrieval (DESIGN §8): a full-text component and a vector
/// component, each filtered by scope, tiers and filters in SQL, fused with
/// reciprocal rank fusion (k = 60) weighted by `alpha`. Both components rank memories, not
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
    /// `embedding.alpha`: the vector component's share of a hybrid score,
    /// 2·(α/(60+rank_vector) + (1−α)/(60+rank_text)). At 0.5 that is plain
    /// RRF, scale included; 1 is vector order only, 0 text order only.
    public var alpha = 0.5

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
        // The components run at the same time, on two connections.
        async let text = request.mode == .vector ? ([], 0) : textComponent(query, filter: filter, depth: depth, scope: scope)
        async let vector = request.mode == .text ? ([], 0) : vectorComponent(request, filter: filter, depth: depth, scope: scope)
        let (textList, textCount) = try await text
        let (vectorList, vectorCount) = try await vector

        // Weighted only when both components ran: a single mode keeps its own order and scale.
        let weights = request.mode == .hybrid ? [2 * (1 - alpha), 2 * alpha] : nil
        let fused = RankFusion.fuse([textList.map(\.memoryID), vectorList.map(\.memoryID)], weights: weights)
        let textRank = Dictionary(uniqueKeysWithValues: textList.enumerated().map { ($1.memoryID, ($0 + 1, $1)) })
        let vectorRank = Dictionary(uniqueKeysWithValues: vectorList.enumerated().map { ($1.memoryID, ($0 + 1, $1)) })
        let top = Array(fused.prefix(request.k))
        let titles = try await self.titles(top.map(\.key), in: scope)
        let hits: [SearchHit] = top.compactMap { entry in
            let t = textRank[entry.key], v = vectorRank[entry.key]
            // Show the chunk of the component where the memory ranked better.
            guard let row = (t != nil && (v == nil || t!.0 <= v!.0)) ? t?.1 : v?.1 else { return nil }
            return SearchHit(
                id: row.id, memoryID: row.memoryID, tier: row.tier, title: titles[row.memoryID] ?? nil,
                snippet: Snippet.make(row.content, terms: query.terms), chunkIndex: row.chunkIndex, createdAt: row.createdAt,
                score: entry.score,
                text: t.map { SearchHit.Component(rank: $0.0, score: BM25Scorer.stable($0.1.score)) },
                vector: v.map { SearchHit.Component(rank: $0.0, score: VectorScore.stable($0.1.score)) })
        }
        return SearchResult(hits: hits, mode: request.mode, embedder: request.mode == .text ? nil : embedder.name,
                            textCandidates: textCount, vectorCandidates: vectorCount)
    }

    /// Full text: the database's pool of matching chunks, ordered by BM25,
    /// best chunk per memory. Returns the list and the pool size.
    func textComponent(_ query: FullTextQuery, filter: ChunkFilter, depth: Int, scope: Scope) async throws -> ([ChunkRow], Int) {
        guard !query.isEmpty else { return ([], 0) }
        let pool = try await database.transaction(.tenant(scope), .read) { [textPoolSize] c in
            try TextSearch.pool(query, filter: filter, limit: max(textPoolSize, depth), in: c)
        }
        let ranked = BM25Scorer().rank(terms: query.terms, documents: pool.map(\.content), keys: pool.map(\.id))
        return (Self.bestPerMemory(ranked.map { var row = pool[$0.index]; row.score = $0.score; return row }, depth: depth), pool.count)
    }

    /// Vectors of the current embedder: nearest chunks, best per memory.
    func vectorComponent(_ request: SearchRequest, filter: ChunkFilter, depth: Int, scope: Scope) async throws -> ([ChunkRow], Int) {
        let vector = try await queryVector(request)
        guard !VectorMath.isZero(vector) else { return ([], 0) }
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
        // A cosine similarity of zero or less means no relation at all; such
        // chunks would only pad the list with noise.
        let ordered = rows.filter { VectorScore.stable($0.score) > 0 }.sorted { a, b in
            let x = VectorScore.stable(a.score), y = VectorScore.stable(b.score)
            return x != y ? x > y : a.id < b.id
        }
        return (Self.bestPerMemory(ordered, depth: depth), rows.count)
    }

    /// Titles of the hits' memories, read once for the few that are returned.
    func titles(_ ids: [String], in scope: Scope) async throws -> [String: String?] {
        guard !ids.isEmpty else { return [:] }
        let list = JSONValue.array(ids.map(JSONValue.string)).description
        let dialect = database.dialect
        return try await database.transaction(.tenant(scope), .read) { c in
            // Driven by the id list, one primary-key probe per id. SQLite's CROSS JOIN
            // fixes its join order; PostgreSQL has no CROSS JOIN … ON and plans this itself.
            let ids: SQL = dialect == .postgres ? "jsonb_array_elements_text(\(.text(list))::jsonb) AS j(value)" : "json_each(\(.text(list))) AS j"
            let join = dialect == .postgres ? "JOIN" : "CROSS JOIN"
            let rows = try c.query(
                "SELECT m.id, m.title FROM \(ids) \(raw: join) memories m ON m.org_id = \(.text(scope.orgID)) AND m.id = j.value WHERE \(MemoryRows.visible(scope))")
            return Dictionary(uniqueKeysWithValues: try rows.map { (try $0.string("id"), $0.optionalString("title")) })
        }
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
