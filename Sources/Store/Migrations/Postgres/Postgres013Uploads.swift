extension PostgresSchema {
    /// Migration 13: uploaded files (SQLite migration 11 says what they
    /// hold), private to (org, user, project) like runs: granted to
    /// `oi_runtime` with the same row-level policy.
    static let v13Uploads = """
    CREATE TABLE uploads (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        original_name text NOT NULL,
        mime_type text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX uploads_scope_created ON uploads (org_id, user_id, project_id, created_at);
    GRANT SELECT, INSERT, UPDATE, DELETE ON uploads TO oi_runtime;
    ALTER TABLE uploads ENABLE ROW LEVEL SECURITY;
    ALTER TABLE uploads FORCE ROW LEVEL SECURITY;
    CREATE POLICY uploads_tenant ON uploads
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND user_id = current_setting('oi.user_id', true) AND project_id = current_setting('oi.project_id', true)));
    """
}
