import Store

/// The full-text component's candidate pool: chunks matching any query term
/// within the filter — all of them when they fit, else the best by the
/// database's own ranker (FTS5 `bm25()` on SQLite; on PostgreSQL
/// `ts_rank_cd` over the GIN-indexed tsvector among the chunks that hold at
/// least two terms, topped up with other matches when those are few). The
/// retriever re-orders the pool with `BM25Scorer`.
enum TextSearch {
    static func pool(_ query: FullTextQuery, filter: ChunkFilter, limit: Int, in c: any SQLConnection) throws -> [ChunkRow] {
        guard !query.isEmpty else { return [] }
        if c.dialect == .sqlite {
            // Fast path: FTS5 ranks its own matches (no join per match), we
            // filter the best few thousand; only when too few survive the
            // filter (another tenant's rows crowd the top) is every match joined.
            let candidates = limit + limit / 2
            let (sql, parameters) = sqliteTopStatement(query, filter: filter, limit: limit, candidates: candidates)
            let rows = try c.query(sql, parameters)
            let fetched = rows.first?["fetched"].int64 ?? 0
            if rows.count >= limit || (!rows.isEmpty && fetched < Int64(candidates)) {
                return try rows.map { try ChunkRow($0, score: 0) }
            }
        }
        if c.dialect == .postgres {
            // When every match fits in the pool, take them unranked: BM25
            // orders them all (and both backends hold the same pool).
            let (sql, parameters) = postgresMatches(query.websearch, filter: filter, limit: limit + 1)
            let all = try c.query(sql, parameters)
            if all.count <= limit { return try all.map { try ChunkRow($0, score: 0) } }
            // Too many to rank each one (ts_rank_cd costs microseconds a row):
            // the chunks holding at least two of the terms, best first. The
            // GIN index intersects posting lists, so far fewer rows are ranked.
            if let pairs = query.websearchPairs {
                let (sql, parameters) = postgresRanked(match: pairs, rank: query.websearch, filter: filter, limit: limit)
                let narrowed = try c.query(sql, parameters).map { try ChunkRow($0, score: 0) }
                if narrowed.count >= limit / 2 { return narrowed }
                // Fewer than that means these are all the chunks holding two
                // or more terms: the rest of the pool comes from the matches
                // already read, not from ranking every match (tens of ms at
                // 100k chunks, and ts_rank_cd knows nothing of a term's rarity
                // either; BM25 orders the pool).
                var pool = narrowed
                var taken = Set(narrowed.map(\.id))
                for row in all where pool.count < limit {
                    let chunk = try ChunkRow(row, score: 0)
                    if taken.insert(chunk.id).inserted { pool.append(chunk) }
                }
                return pool
            }
        }
        let (sql, parameters) = statement(query, filter: filter, limit: limit, dialect: c.dialect)
        return try c.query(sql, parameters).map { try ChunkRow($0, score: 0) }
    }

    /// PostgreSQL: up to `limit` chunks matching `websearch`, in no order.
    static func postgresMatches(_ websearch: String, filter: ChunkFilter, limit: Int) -> (String, [SQLValue]) {
        var parameters: [SQLValue] = [.text(websearch)]
        let clause = filter.sql(alias: "c", dialect: .postgres, parameters: &parameters)
        return ("""
            SELECT \(ChunkRow.columns) FROM memory_chunks c
            WHERE c.search_tsv @@ websearch_to_tsquery('simple', $1) AND \(clause)
            LIMIT \(limit)
            """, parameters)
    }

    /// PostgreSQL: the `limit` chunks matching `match`, best first by
    /// `ts_rank_cd` against `rank`.
    static func postgresRanked(match: String, rank: String, filter: ChunkFilter, limit: Int) -> (String, [SQLValue]) {
        var parameters: [SQLValue] = [.text(match), .text(rank)]
        let clause = filter.sql(alias: "c", dialect: .postgres, parameters: &parameters)
        return ("""
            SELECT \(ChunkRow.columns) FROM memory_chunks c
            WHERE c.search_tsv @@ websearch_to_tsquery('simple', $1) AND \(clause)
            ORDER BY ts_rank_cd(c.search_tsv, websearch_to_tsquery('simple', $2)) DESC, c.id
            LIMIT \(limit)
            """, parameters)
    }

    /// SQLite: the `candidates` best matches by FTS5's rank, then the filter.
    static func sqliteTopStatement(_ query: FullTextQuery, filter: ChunkFilter, limit: Int, candidates: Int) -> (String, [SQLValue]) {
        var parameters: [SQLValue] = [.text(query.fts5)]
        let clause = filter.sql(alias: "c", dialect: .sqlite, parameters: &parameters)
        let sql = """
            WITH top AS (
                SELECT rowid AS chunk, rank FROM memory_chunks_fts WHERE memory_chunks_fts MATCH $1 ORDER BY rank LIMIT \(candidates)
            )
            SELECT \(ChunkRow.columns), (SELECT count(*) FROM top) AS fetched
            FROM top
            CROSS JOIN memory_chunks c ON c.chunk_rowid = top.chunk
            WHERE \(clause)
            ORDER BY top.rank, c.id
            LIMIT \(limit)
            """
        return (sql, parameters)
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
                WHERE memory_chunks_fts MATCH $1 AND \(clause)
                ORDER BY bm25(memory_chunks_fts), c.id
                LIMIT \(limit)
                """
        case .postgres:
            return postgresRanked(match: query.websearch, rank: query.websearch, filter: filter, limit: limit)
        }
        return (sql, parameters)
    }
}
