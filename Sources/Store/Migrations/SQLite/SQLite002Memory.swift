extension SQLiteSchema {
    /// Migration 2: memory items and chunks (FTS5 + float32 vector blobs) and core blocks.
    /// `memory_chunks` keeps an INTEGER PRIMARY KEY (`chunk_rowid`) because an
    /// external-content FTS5 index is keyed by rowid, and only an aliased rowid
    /// survives VACUUM; `(org_id, id)` is unique beside it.
    static let v2Memory = """
    CREATE TABLE memories (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        tier TEXT NOT NULL CHECK (tier IN ('core', 'episodic', 'archival')),
        role_id TEXT,
        group_id TEXT,
        title TEXT,
        uri TEXT,
        text TEXT NOT NULL DEFAULT '',
        metadata TEXT NOT NULL DEFAULT '{}',
        importance REAL NOT NULL DEFAULT 0.5,
        source_type TEXT,
        source_key TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX memories_scope ON memories (org_id, user_id, project_id, tier, created_at DESC);
    CREATE INDEX memories_shared ON memories (org_id, project_id, tier, created_at DESC);
    CREATE INDEX memories_group ON memories (org_id, group_id, created_at DESC) WHERE group_id IS NOT NULL;
    CREATE INDEX memories_source ON memories (org_id, project_id, source_type, source_key) WHERE source_key IS NOT NULL;

    CREATE TABLE memory_chunks (
        chunk_rowid INTEGER PRIMARY KEY,
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        memory_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        tier TEXT NOT NULL CHECK (tier IN ('core', 'episodic', 'archival')),
        role_id TEXT,
        group_id TEXT,
        chunk_index INTEGER NOT NULL,
        content TEXT NOT NULL,
        embedder TEXT,
        dimension INTEGER,
        embedding BLOB,
        created_at TEXT NOT NULL,
        UNIQUE (org_id, id),
        UNIQUE (org_id, memory_id, chunk_index),
        CHECK (embedding IS NULL OR (dimension > 0 AND length(embedding) = 4 * dimension)),
        FOREIGN KEY (org_id, memory_id) REFERENCES memories (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX memory_chunks_scope ON memory_chunks (org_id, project_id, tier, embedder, dimension);

    CREATE VIRTUAL TABLE memory_chunks_fts USING fts5(
        content,
        content = 'memory_chunks',
        content_rowid = 'chunk_rowid',
        tokenize = 'unicode61 remove_diacritics 2'
    );
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

    CREATE TABLE core_blocks (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        role_id TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        char_limit INTEGER NOT NULL DEFAULT 2000 CHECK (char_limit > 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, user_id, project_id, role_id, label)
    );
    """
}
