extension PostgresSchema {
    /// Migration 6: which memories every user of an (org, project) may read
    /// (SQLite migration 5 says why): a `shared` flag, set for blackboard
    /// entries, and the row-level-security policies of `memories` and
    /// `memory_chunks` rewritten to admit the caller's own rows, archival
    /// rows and shared rows of the (org, project) — no longer every row with
    /// a `group_id`.
    static let v6SharedMemories = """
    ALTER TABLE memories ADD COLUMN shared boolean NOT NULL DEFAULT false;
    ALTER TABLE memory_chunks ADD COLUMN shared boolean NOT NULL DEFAULT false;
    UPDATE memories SET shared = true WHERE source_type = 'blackboard';
    UPDATE memory_chunks c SET shared = true FROM memories m WHERE m.org_id = c.org_id AND m.id = c.memory_id AND m.shared;
    DROP POLICY memories_tenant ON memories;
    CREATE POLICY memories_tenant ON memories
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR shared)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR shared)));
    DROP POLICY memory_chunks_tenant ON memory_chunks;
    CREATE POLICY memory_chunks_tenant ON memory_chunks
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR shared)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true) AND (user_id = current_setting('oi.user_id', true) OR tier = 'archival' OR shared)));
    """
}
