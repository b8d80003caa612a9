extension PostgresSchema {
    /// Migration 2: memory items and chunks, core blocks. Embeddings are a
    /// `vector` of any dimension (embedders differ); an HNSW index per known
    /// dimension is a partial expression index, so `ORDER BY
    /// embedding::vector(256) <=> $q` with `WHERE dimension = 256` uses it.
    /// Full text is a generated `tsvector` ('simple': no stemming, any language).
    static let v2Memory = """
    CREATE EXTENSION IF NOT EXISTS vector;

    CREATE TABLE memories (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        tier text NOT NULL CHECK (tier IN ('core', 'episodic', 'archival')),
        role_id text,
        group_id text,
        title text,
        uri text,
        text text NOT NULL DEFAULT '',
        metadata jsonb NOT NULL DEFAULT '{}',
        importance double precision NOT NULL DEFAULT 0.5,
        source_type text,
        source_key text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX memories_scope ON memories (org_id, user_id, project_id, tier, created_at DESC);
    CREATE INDEX memories_shared ON memories (org_id, project_id, tier, created_at DESC);
    CREATE INDEX memories_group ON memories (org_id, group_id, created_at DESC) WHERE group_id IS NOT NULL;
    CREATE INDEX memories_source ON memories (org_id, project_id, source_type, source_key) WHERE source_key IS NOT NULL;

    CREATE TABLE memory_chunks (
        org_id text NOT NULL,
        id text NOT NULL,
        memory_id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        tier text NOT NULL CHECK (tier IN ('core', 'episodic', 'archival')),
        role_id text,
        group_id text,
        chunk_index integer NOT NULL,
        content text NOT NULL,
        embedder text,
        dimension integer,
        embedding vector,
        search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', content)) STORED,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, memory_id, chunk_index),
        CHECK (embedding IS NULL OR (dimension > 0 AND vector_dims(embedding) = dimension)),
        FOREIGN KEY (org_id, memory_id) REFERENCES memories (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX memory_chunks_scope ON memory_chunks (org_id, project_id, tier, embedder, dimension);
    CREATE INDEX memory_chunks_fts ON memory_chunks USING gin (search_tsv);
    CREATE INDEX memory_chunks_embedding_256 ON memory_chunks
        USING hnsw ((embedding::vector(256)) vector_cosine_ops) WHERE dimension = 256;

    CREATE TABLE core_blocks (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        role_id text NOT NULL DEFAULT '',
        label text NOT NULL,
        content text NOT NULL DEFAULT '',
        char_limit integer NOT NULL DEFAULT 2000 CHECK (char_limit > 0),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, user_id, project_id, role_id, label)
    );
    """
}
