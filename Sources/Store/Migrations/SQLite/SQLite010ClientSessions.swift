extension SQLiteSchema {
    /// Migration 8: editors' sessions and standing denials. `client_sessions`
    /// keeps what an Agent Client Protocol `session/new` named — the working
    /// folder and the MCP servers — so `session/load` can bring the session
    /// back; the session id is our session key. `tool_grants.decision` tells
    /// an "allow always" (`allow`) from a "reject always" (`block`).
    static let v10ClientSessions = """
    CREATE TABLE client_sessions (
        org_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        session_key TEXT NOT NULL,
        protocol TEXT NOT NULL DEFAULT 'acp',
        cwd TEXT NOT NULL,
        mcp_servers TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, user_id, project_id, session_key)
    );
    ALTER TABLE tool_grants ADD COLUMN decision TEXT NOT NULL DEFAULT 'allow' CHECK (decision IN ('allow', 'block'));
    """
}
