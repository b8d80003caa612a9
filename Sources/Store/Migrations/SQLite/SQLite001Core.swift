/// SQLite schema, migration 1: runs, events, checkpoints, approvals, tool grants.
/// Shipped migrations are never edited (their checksum is checked at start-up).
/// Conventions: ids are prefixed ULID-like text; timestamps are RFC 3339 UTC
/// text with milliseconds (they sort as time); `project_id` '' = no project;
/// keys lead with `org_id`; JSON is text; booleans are 0/1.
enum SQLiteSchema {
    static let v1Core = """
    CREATE TABLE runs (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        session_key TEXT NOT NULL,
        agent_id TEXT NOT NULL DEFAULT 'main',
        input TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'running', 'waiting_approval', 'completed', 'failed', 'cancelled')),
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
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, parent_run_id) REFERENCES runs (org_id, id)
    );
    CREATE INDEX runs_scope_created ON runs (org_id, user_id, project_id, created_at DESC, id DESC);
    CREATE INDEX runs_scope_session ON runs (org_id, user_id, project_id, session_key, created_at, id);
    CREATE INDEX runs_queue ON runs (status, created_at, id);
    CREATE INDEX runs_lease ON runs (lease_expires_at) WHERE status = 'running';
    CREATE INDEX runs_group ON runs (org_id, group_id) WHERE group_id IS NOT NULL;
    CREATE INDEX runs_parent ON runs (org_id, parent_run_id) WHERE parent_run_id IS NOT NULL;
    CREATE UNIQUE INDEX runs_idempotency ON runs (org_id, user_id, project_id, idempotency_key)
        WHERE idempotency_key IS NOT NULL;

    CREATE TABLE events (
        org_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        type TEXT NOT NULL,
        ts TEXT NOT NULL,
        step INTEGER,
        group_id TEXT,
        role_id TEXT,
        message_type TEXT,
        payload TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (org_id, run_id, seq),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );

    CREATE TABLE checkpoints (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        step INTEGER NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, run_id, step),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );

    CREATE TABLE approvals (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        call_id TEXT NOT NULL,
        tool_name TEXT NOT NULL,
        args TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'allowed', 'denied')),
        decision TEXT CHECK (decision IS NULL OR decision IN ('allow_once', 'allow_always', 'deny')),
        reason TEXT,
        created_at TEXT NOT NULL,
        decided_at TEXT,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, run_id, call_id),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX approvals_scope_status ON approvals (org_id, user_id, project_id, status, created_at);

    CREATE TABLE tool_grants (
        org_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        tool_name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (org_id, user_id, project_id, tool_name)
    );
    """
}
