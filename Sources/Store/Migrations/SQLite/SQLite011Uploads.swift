extension SQLiteSchema {
    /// Migration 11: uploaded files, which runs take as attachments. Private
    /// to (org, user, project) like runs; the bytes are a blob in the row.
    static let v11Uploads = """
    CREATE TABLE uploads (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        original_name TEXT NOT NULL,
        mime_type TEXT NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        data BLOB NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX uploads_scope_created ON uploads (org_id, user_id, project_id, created_at);
    """
}
