import Store

/// The full-text component's candidate pool: chunks matching any query term
/// within the filter, best first by the database's own ranker (FTS5
/// `bm25()` on SQLite; `ts_rank_cd` over the GIN-indexed tsvector on
/// PostgreSQL). The retriever re-orders the pool with `BM25Scorer`.
enum TextSearch {
    static func pool(_ query: FullTextQuery, filter: ChunkFilter, limit: Int, in c: any SQLConnection) throws -> [ChunkRow] {
        guard !query.isEmpty else { return [] }
        let (sql, parameters) = statement(query, filter: filter, limit: limit, dialect: c.dialect)
        return try c.query(sql, parameters).map { try ChunkRow($0, score: 0) }
    }

    /// The query and its parameters (tests EXPLAIN it to check the index is used).
    static func statement(_ query: FullTextQuery, filter: ChunkFilter, limit: Int, dialect: SQLDialect) -> (String, [SQLValue]) {
        var parameters: [SQLValue] = []
        let sql: String
        switch dialect {
        case .sqlite:
            parameters.append(.text(query.fts5))
            let clause = filter.sql(alias: "c", dialect: .sqlite, parameters: &parameters)
            sql = """
                SELECT \(ChunkRow.columns)
                FROM memory_chunks_fts
                JOIN memory_chunks c ON c.chunk_rowid = memory_chunks_fts.rowid
                JOIN memories m ON m.org_id = c.org_id AND m.id = c.memory_id
                WHERE memory_chunks_fts MATCH $1 AND \(clause)
                ORDER BY bm25(memory_chunks_fts), c.id
                LIMIT \(limit)
                """
        case .postgres:
            parameters.append(.text(query.websearch))
            let clause = filter.sql(alias: "c", dialect: .postgres, parameters: &parameters)
            sql = """
                SELECT \(ChunkRow.columns)
                FROM memory_chunks c
                JOIN memories m ON m.org_id = c.org_id AND m.id = c.memory_id
                WHERE c.search_tsv @@ websearch_to_tsquery('simple', $1) AND \(clause)
                ORDER BY ts_rank_cd(c.search_tsv, websearch_to_tsquery('simple', $1)) DESC, c.id
                LIMIT \(limit)
                """
        }
        return (sql, parameters)
    }
}
