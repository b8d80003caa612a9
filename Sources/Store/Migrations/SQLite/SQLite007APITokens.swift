extension SQLiteSchema {
    /// Migration 7: API tokens for the REST adapter. A token is `oit_<id>_<secret>`;
    /// only the SHA-256 of the secret is stored. Not tenant data but credentials
    /// over it: looked up by id across orgs, so the key is `id` alone.
    static let v7APITokens = """
    CREATE TABLE api_tokens (
        id TEXT PRIMARY KEY,
        org_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE INDEX api_tokens_org ON api_tokens (org_id, created_at);
    """
}
