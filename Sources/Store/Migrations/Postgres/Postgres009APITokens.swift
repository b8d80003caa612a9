extension PostgresSchema {
    /// Migration 9: API tokens (SQLite migration 7 says what they are). Only
    /// system transactions see the table: its policy admits `oi.system` and
    /// nothing else, so no tenant transaction can read a token's hash.
    static let v9APITokens = """
    CREATE TABLE api_tokens (
        id text PRIMARY KEY,
        org_id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        name text NOT NULL DEFAULT '',
        secret_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
    );
    CREATE INDEX api_tokens_org ON api_tokens (org_id, created_at);
    GRANT SELECT, INSERT, UPDATE, DELETE ON api_tokens TO oi_runtime;
    ALTER TABLE api_tokens ENABLE ROW LEVEL SECURITY;
    ALTER TABLE api_tokens FORCE ROW LEVEL SECURITY;
    CREATE POLICY api_tokens_system ON api_tokens
        USING (current_setting('oi.system', true) = 'on')
        WITH CHECK (current_setting('oi.system', true) = 'on');
    """
}
