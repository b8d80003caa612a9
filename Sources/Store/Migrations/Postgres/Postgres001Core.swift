/// PostgreSQL schema, migration 1: the same tables and columns as SQLite's,
/// with native types: `timestamptz`, `jsonb`, `boolean`, `bigint`.
/// Shipped migrations are never edited (their checksum is checked at start-up).
/// Every key leads with `org_id` and foreign keys carry it, so the schema can
/// be distributed by `org_id` (Citus) without a migration (DESIGN §9).
enum PostgresSchema {
    static let v1Core = """
    CREATE TABLE runs (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        session_key text NOT NULL,
        agent_id text NOT NULL DEFAULT 'main',
        input text NOT NULL,
        status text NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'running', 'waiting_approval', 'completed', 'failed', 'cancelled')),
        stop_reason text,
        output jsonb,
        error jsonb,
        agent_config jsonb,
        llm_config jsonb,
        metadata jsonb,
        idempotency_key text,
        parent_run_id text,
        group_id text,
        role_id text,
        last_seq bigint NOT NULL DEFAULT 0,
        cancel_requested boolean NOT NULL DEFAULT false,
        lease_owner text,
        lease_expires_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        input_tokens bigint NOT NULL DEFAULT 0,
        output_tokens bigint NOT NULL DEFAULT 0,
        cached_tokens bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        ended_at timestamptz,
        updated_at timestamptz NOT NULL,
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
        org_id text NOT NULL,
        run_id text NOT NULL,
        seq bigint NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        type text NOT NULL,
        ts timestamptz NOT NULL,
        step integer,
        group_id text,
        role_id text,
        message_type text,
        payload jsonb NOT NULL DEFAULT '{}',
        PRIMARY KEY (org_id, run_id, seq),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );

    CREATE TABLE checkpoints (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        run_id text NOT NULL,
        step integer NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, run_id, step),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );

    CREATE TABLE approvals (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        run_id text NOT NULL,
        call_id text NOT NULL,
        tool_name text NOT NULL,
        args jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'allowed', 'denied')),
        decision text CHECK (decision IS NULL OR decision IN ('allow_once', 'allow_always', 'deny')),
        reason text,
        created_at timestamptz NOT NULL,
        decided_at timestamptz,
        PRIMARY KEY (org_id, id),
        UNIQUE (org_id, run_id, call_id),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX approvals_scope_status ON approvals (org_id, user_id, project_id, status, created_at);

    CREATE TABLE tool_grants (
        org_id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        tool_name text NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, user_id, project_id, tool_name)
    );
    """
}
