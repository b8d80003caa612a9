extension PostgresSchema {
    /// Migration 5: what hybrid retrieval needs beyond migration 2.
    ///
    /// - `search_tsv` is regenerated over the content with every run of
    ///   non-alphanumeric characters replaced by a space. The default parser
    ///   otherwise keeps `example.com`, `3.14` or `v1.2` as single tokens
    ///   that SQLite's unicode61 splits; over alphanumeric runs both backends
    ///   see the same words (docs/memory.md, "Comparable full text").
    /// - `ts_match_vq` (`tsvector @@ tsquery`) is marked LEAKPROOF when we are
    ///   a superuser. Under row-level security the planner may only use an
    ///   index for a leakproof operator; without it every full-text query is
    ///   a sequential scan. The function raises no error that depends on the
    ///   row it reads, so it reveals nothing about rows the policy hides.
    ///   Without superuser rights the migration succeeds and full text works,
    ///   only slower (docs/decisions.md).
    static let v5MemoryRetrieval = """
    DROP INDEX memory_chunks_fts;
    ALTER TABLE memory_chunks DROP COLUMN search_tsv;
    ALTER TABLE memory_chunks ADD COLUMN search_tsv tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', regexp_replace(content, '[^[:alnum:]]+', ' ', 'g'))) STORED;
    CREATE INDEX memory_chunks_fts ON memory_chunks USING gin (search_tsv);
    DO $$
    BEGIN
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
        ELSE
            RAISE NOTICE 'not a superuser: ts_match_vq stays non-leakproof, full text under RLS scans sequentially';
        END IF;
    END
    $$;
    """
}
