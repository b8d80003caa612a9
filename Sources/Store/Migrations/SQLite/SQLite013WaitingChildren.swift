extension SQLiteSchema {
    /// Migration 13: a run may wait for its children (`waiting_children`),
    /// and names the top of its delegation tree (`root_run_id`; NULL for a
    /// top-level run). SQLite cannot alter a CHECK constraint, so `runs` is
    /// rebuilt by its documented 12-step procedure: the migrator turns
    /// foreign keys off around the transaction and runs
    /// `PRAGMA foreign_key_check` before committing; here: new table, copy,
    /// drop, rename, indexes again (`runs` has no triggers or views).
    /// Existing children get their root from up to three ancestors (the
    /// depth delegation allowed before).
    static let v13WaitingChildren = """
    CREATE TABLE runs_new (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        session_key TEXT NOT NULL,
        agent_id TEXT NOT NULL DEFAULT 'main',
        input TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'running', 'waiting_approval', 'waiting_children', 'completed', 'failed', 'cancelled')),
        stop_reason TEXT,
        output TEXT,
        error TEXT,
        agent_config TEXT,
        llm_config TEXT,
        metadata TEXT,
        idempotency_key TEXT,
        parent_run_id TEXT,
        group_id TEXT,
        role_id TEXT,
        last_seq INTEGER NOT NULL DEFAULT 0,
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        lease_owner TEXT,
        lease_expires_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_tokens INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        updated_at TEXT NOT NULL,
        tool_call_count INTEGER NOT NULL DEFAULT 0,
        cost_nanos INTEGER NOT NULL DEFAULT 0,
        usage_estimated INTEGER NOT NULL DEFAULT 0 CHECK (usage_estimated IN (0, 1)),
        model TEXT,
        root_run_id TEXT,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, parent_run_id) REFERENCES runs (org_id, id)
    );
    INSERT INTO runs_new (org_id, id, user_id, project_id, session_key, agent_id, input, status, stop_reason, output, error,
        agent_config, llm_config, metadata, idempotency_key, parent_run_id, group_id, role_id, last_seq,
        cancel_requested, lease_owner, lease_expires_at, attempts, input_tokens, output_tokens, cached_tokens,
        created_at, started_at, ended_at, updated_at, tool_call_count, cost_nanos, usage_estimated, model, root_run_id)
    SELECT r.org_id, r.id, r.user_id, r.project_id, r.session_key, r.agent_id, r.input, r.status, r.stop_reason, r.output, r.error,
        r.agent_config, r.llm_config, r.metadata, r.idempotency_key, r.parent_run_id, r.group_id, r.role_id, r.last_seq,
        r.cancel_requested, r.lease_owner, r.lease_expires_at, r.attempts, r.input_tokens, r.output_tokens, r.cached_tokens,
        r.created_at, r.started_at, r.ended_at, r.updated_at, r.tool_call_count, r.cost_nanos, r.usage_estimated, r.model,
        CASE WHEN r.parent_run_id IS NULL THEN NULL
             WHEN p.parent_run_id IS NULL THEN r.parent_run_id
             WHEN g.parent_run_id IS NULL THEN p.parent_run_id
             ELSE g.parent_run_id END
    FROM runs r
    LEFT JOIN runs p ON p.org_id = r.org_id AND p.id = r.parent_run_id
    LEFT JOIN runs g ON g.org_id = p.org_id AND g.id = p.parent_run_id;
    DROP TABLE runs;
    ALTER TABLE runs_new RENAME TO runs;
    CREATE INDEX runs_scope_created ON runs (org_id, user_id, project_id, created_at DESC, id DESC);
    CREATE INDEX runs_scope_session ON runs (org_id, user_id, project_id, session_key, created_at, id);
    CREATE INDEX runs_queue ON runs (status, created_at, id);
    CREATE INDEX runs_lease ON runs (lease_expires_at) WHERE status = 'running';
    CREATE INDEX runs_group ON runs (org_id, group_id) WHERE group_id IS NOT NULL;
    CREATE INDEX runs_parent ON runs (org_id, parent_run_id) WHERE parent_run_id IS NOT NULL;
    CREATE INDEX runs_root ON runs (org_id, root_run_id) WHERE root_run_id IS NOT NULL;
    CREATE UNIQUE INDEX runs_idempotency ON runs (org_id, user_id, project_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    """
}
