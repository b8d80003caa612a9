import Store

/// The vector component on PostgreSQL: pgvector cosine distance ordered by
/// the partial HNSW index. The dimension is written into the SQL as a
/// literal (never a parameter) so the planner can prove `dimension = 256`
/// implies the partial index's predicate and use it for the ORDER BY.
/// `hnsw.iterative_scan = strict_order` (pgvector ≥ 0.8) keeps scanning when
/// the scope and filters reject the first candidates, in exact distance order.
enum PostgresVectorSearch {
    static func search(_ vector: [Float], embedder: String, filter: ChunkFilter, limit: Int, efSearch: Int,
                       in c: any SQLConnection) throws -> [ChunkRow] {
        try configure(efSearch: efSearch, in: c)
        return try c.query(statement(vector, embedder: embedder, filter: filter, limit: limit)).map { row in
            var chunk = try ChunkRow(row: row)
            chunk.score = try row.double("similarity")
            return chunk
        }
    }

    /// Per-transaction index settings: candidate list size and iterative scans.
    static func configure(efSearch: Int, in c: any SQLConnection) throws {
        try c.execute(
            "SELECT set_config('hnsw.ef_search', \(.text(String(max(40, min(efSearch, 1000))))), true), set_config('hnsw.iterative_scan', 'strict_order', true)")
    }

    /// The query and its parameters (tests EXPLAIN it to check the index is used).
    static func statement(_ vector: [Float], embedder: String, filter: ChunkFilter, limit: Int) -> SQL {
        let d = vector.count
        let query = SQLValue.text(VectorMath.pgvectorLiteral(vector))
        return """
            SELECT \(raw: ChunkRow.columns), 1 - c.distance AS similarity
            FROM (
                SELECT c.org_id, c.id, c.memory_id, c.tier, c.content, c.chunk_index, c.created_at,
                       c.embedding::vector(\(literal: d)) <=> \(query)::vector(\(literal: d)) AS distance
                FROM memory_chunks c
                WHERE c.dimension = \(literal: d) AND c.embedder = \(.text(embedder)) AND \(filter.sql(alias: "c", dialect: .postgres))
                ORDER BY c.embedding::vector(\(literal: d)) <=> \(query)::vector(\(literal: d))
                LIMIT \(literal: limit)
            ) c
            ORDER BY c.distance, c.id
            """
    }
}
