extension PostgresSchema {
    /// Migration 9: steering a run (SQLite migration 7 says what the table
    /// and column hold). `run_injections` is private to (org, user, project)
    /// like runs: granted to `oi_runtime` with the same row-level policy.
    static let v9LoopSteering = """
    CREATE TABLE run_injections (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        run_id text NOT NULL,
        role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'system')),
        message text NOT NULL,
        created_at timestamptz NOT NULL,
        consumed_step integer,
        consumed_at timestamptz,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX run_injections_run ON run_injections (org_id, run_id, consumed_step, created_at, id);
    GRANT SELECT, INSERT, UPDATE, DELETE ON run_injections TO oi_runtime;
    ALTER TABLE run_injections ENABLE ROW LEVEL SECURITY;
    ALTER TABLE run_injections FORCE ROW LEVEL SECURITY;
    CREATE POLICY run_injections_tenant ON run_injections
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    ALTER TABLE approvals ADD COLUMN modified_args text;
    """
}
