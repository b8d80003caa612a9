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
            let rows = try c.query(sqliteTopStatement(query, filter: filter, limit: limit, candidates: candidates))
            let fetched = rows.first?["fetched"].int64 ?? 0
            if rows.count >= limit || (!rows.isEmpty && fetched < Int64(candidates)) {
                return try rows.map(ChunkRow.init(row:))
            }
        }
        if c.dialect == .postgres {
            // When every match fits in the pool, take them unranked: BM25
            // orders them all (and both backends hold the same pool).
            let all = try c.query(postgresMatches(query.websearch, filter: filter, limit: limit + 1), as: ChunkRow.self)
            if all.count <= limit { return all }
            // Too many to rank each one (ts_rank_cd costs microseconds a row):
            // the chunks holding at least two of the terms, best first. The
            // GIN index intersects posting lists, so far fewer rows are ranked.
            if let pairs = query.websearchPairs {
                let narrowed = try c.query(postgresRanked(match: pairs, rank: query.websearch, filter: filter, limit: limit), as: ChunkRow.self)
                if narrowed.count >= limit / 2 { return narrowed }
                // Fewer than that means these are all the chunks holding two
                // or more terms: the rest of the pool comes from the matches
                // already read, not from ranking every match (tens of ms at
                // 100k chunks, and ts_rank_cd knows nothing of a term's rarity
                // either; BM25 orders the pool).
                var pool = narrowed
                var taken = Set(narrowed.map(\.id))
                for chunk in all where pool.count < limit {
                    if taken.insert(chunk.id).inserted { pool.append(chunk) }
                }
                return pool
            }
        }
        return try c.query(statement(query, filter: filter, limit: limit, dialect: c.dialect), as: ChunkRow.self)
    }

    /// PostgreSQL: up to `limit` chunks matching `websearch`, in no order.
    static func postgresMatches(_ websearch: String, filter: ChunkFilter, limit: Int) -> SQL {
        """
        SELECT \(raw: ChunkRow.columns) FROM memory_chunks c
        WHERE c.search_tsv @@ websearch_to_tsquery('simple', \(.text(websearch))) AND \(filter.sql(alias: "c", dialect: .postgres))
        LIMIT \(literal: limit)
        """
    }

    /// PostgreSQL: the `limit` chunks matching `match`, best first by
    /// `ts_rank_cd` against `rank`.
    static func postgresRanked(match: String, rank: String, filter: ChunkFilter, limit: Int) -> SQL {
        """
        SELECT \(raw: ChunkRow.columns) FROM memory_chunks c
        WHERE c.search_tsv @@ websearch_to_tsquery('simple', \(.text(match))) AND \(filter.sql(alias: "c", dialect: .postgres))
        ORDER BY ts_rank_cd(c.search_tsv, websearch_to_tsquery('simple', \(.text(rank)))) DESC, c.id
        LIMIT \(literal: limit)
        """
    }

    /// SQLite: the `candidates` best matches by FTS5's rank, then the filter.
    static func sqliteTopStatement(_ query: FullTextQuery, filter: ChunkFilter, limit: Int, candidates: Int) -> SQL {
        """
        WITH top AS (
            SELECT rowid AS chunk, rank FROM memory_chunks_fts WHERE memory_chunks_fts MATCH \(.text(query.fts5))
            ORDER BY rank LIMIT \(literal: candidates)
        )
        SELECT \(raw: ChunkRow.columns), (SELECT count(*) FROM top) AS fetched
        FROM top
        CROSS JOIN memory_chunks c ON c.chunk_rowid = top.chunk
        WHERE \(filter.sql(alias: "c", dialect: .sqlite))
        ORDER BY top.rank, c.id
        LIMIT \(literal: limit)
        """
    }

    /// The query and its parameters (tests EXPLAIN it to check the index is used).
    static func statement(_ query: FullTextQuery, filter: ChunkFilter, limit: Int, dialect: SQLDialect) -> SQL {
        switch dialect {
        case .sqlite:
            """
            SELECT \(raw: ChunkRow.columns)
            FROM memory_chunks_fts
            JOIN memory_chunks c ON c.chunk_rowid = memory_chunks_fts.rowid
            WHERE memory_chunks_fts MATCH \(.text(query.fts5)) AND \(filter.sql(alias: "c", dialect: .sqlite))
            ORDER BY bm25(memory_chunks_fts), c.id
            LIMIT \(literal: limit)
            """
        case .postgres:
            postgresRanked(match: query.websearch, rank: query.websearch, filter: filter, limit: limit)
        }
    }
}
