extension SQLiteSchema {
    /// Migration 4: what hybrid retrieval needs beyond migration 2.
    ///
    /// - The FTS5 index is rebuilt with `remove_diacritics 0`, so it tokenises
    ///   like PostgreSQL's `simple` configuration over alphanumeric runs
    ///   (lowercase, no stemming, accents kept) and both backends match the
    ///   same words (docs/memory.md, "Comparable full text").
    /// - `memory_revisions` counts changes to the chunks of each (org,
    ///   project), kept by triggers so no writer can forget it: `revision`
    ///   moves on every change, `mutation` only on updates and deletes. The
    ///   in-process vector index reloads a partition when `mutation` moved
    ///   and only reads the new rows when just `revision` did.
    static let v4MemoryRetrieval = """
    DROP TRIGGER memory_chunks_fts_insert;
    DROP TRIGGER memory_chunks_fts_delete;
    DROP TRIGGER memory_chunks_fts_update;
    DROP TABLE memory_chunks_fts;
    CREATE VIRTUAL TABLE memory_chunks_fts USING fts5(
        content,
        content = 'memory_chunks',
        content_rowid = 'chunk_rowid',
        tokenize = 'unicode61 remove_diacritics 0'
    );
    INSERT INTO memory_chunks_fts (memory_chunks_fts) VALUES ('rebuild');
    CREATE TRIGGER memory_chunks_fts_insert AFTER INSERT ON memory_chunks BEGIN
        INSERT INTO memory_chunks_fts (rowid, content) VALUES (new.chunk_rowid, new.content);
    END;
    CREATE TRIGGER memory_chunks_fts_delete AFTER DELETE ON memory_chunks BEGIN
        INSERT INTO memory_chunks_fts (memory_chunks_fts, rowid, content) VALUES ('delete', old.chunk_rowid, old.content);
    END;
    CREATE TRIGGER memory_chunks_fts_update AFTER UPDATE OF content ON memory_chunks BEGIN
        INSERT INTO memory_chunks_fts (memory_chunks_fts, rowid, content) VALUES ('delete', old.chunk_rowid, old.content);
        INSERT INTO memory_chunks_fts (rowid, content) VALUES (new.chunk_rowid, new.content);
    END;

    CREATE TABLE memory_revisions (
        org_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        revision INTEGER NOT NULL DEFAULT 0,
        mutation INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (org_id, project_id)
    );
    CREATE TRIGGER memory_revisions_insert AFTER INSERT ON memory_chunks BEGIN
        INSERT INTO memory_revisions (org_id, project_id, revision, mutation) VALUES (new.org_id, new.project_id, 1, 0)
        ON CONFLICT (org_id, project_id) DO UPDATE SET revision = revision + 1;
    END;
    CREATE TRIGGER memory_revisions_delete AFTER DELETE ON memory_chunks BEGIN
        INSERT INTO memory_revisions (org_id, project_id, revision, mutation) VALUES (old.org_id, old.project_id, 1, 1)
        ON CONFLICT (org_id, project_id) DO UPDATE SET revision = revision + 1, mutation = mutation + 1;
    END;
    CREATE TRIGGER memory_revisions_update AFTER UPDATE ON memory_chunks BEGIN
        INSERT INTO memory_revisions (org_id, project_id, revision, mutation) VALUES (new.org_id, new.project_id, 1, 1)
        ON CONFLICT (org_id, project_id) DO UPDATE SET revision = revision + 1, mutation = mutation + 1;
        INSERT INTO memory_revisions (org_id, project_id, revision, mutation) VALUES (old.org_id, old.project_id, 1, 1)
        ON CONFLICT (org_id, project_id) DO UPDATE SET revision = revision + 1, mutation = mutation + 1;
    END;
    """
}
