extension PostgresSchema {
    /// Migration 10: editors' sessions and standing denials (SQLite migration
    /// 8 says what they hold). `client_sessions` is private to (org, user,
    /// project) like runs: granted to `oi_runtime` with the same row-level policy.
    static let v12ClientSessions = """
    CREATE TABLE client_sessions (
        org_id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        session_key text NOT NULL,
        protocol text NOT NULL DEFAULT 'acp',
        cwd text NOT NULL,
        mcp_servers text NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, user_id, project_id, session_key)
    );
    GRANT SELECT, INSERT, UPDATE, DELETE ON client_sessions TO oi_runtime;
    ALTER TABLE client_sessions ENABLE ROW LEVEL SECURITY;
    ALTER TABLE client_sessions FORCE ROW LEVEL SECURITY;
    CREATE POLICY client_sessions_tenant ON client_sessions
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    ALTER TABLE tool_grants ADD COLUMN decision text NOT NULL DEFAULT 'allow' CHECK (decision IN ('allow', 'block'));
    """
}
