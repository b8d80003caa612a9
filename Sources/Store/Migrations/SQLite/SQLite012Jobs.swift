extension SQLiteSchema {
    /// Migration 12: durable background jobs (PDF ingestion, connector
    /// syncs) and their events. A job belongs to an (org, project) like the
    /// connectors that start it; `user_id` says who started it. `checkpoint`
    /// holds what a resumed job skips (the items already done); `last_seq`
    /// numbers `job_events` densely per job. The lease columns let a new
    /// process take over the job of one that died. (Number 11 is left to the
    /// uploads migration of another branch.)
    static let v12Jobs = """
    CREATE TABLE jobs (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        connector_id TEXT,
        trigger TEXT NOT NULL DEFAULT 'manual',
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
        spec TEXT NOT NULL DEFAULT '{}',
        checkpoint TEXT NOT NULL DEFAULT '{}',
        stats TEXT NOT NULL DEFAULT '{}',
        items_total INTEGER NOT NULL DEFAULT 0,
        items_done INTEGER NOT NULL DEFAULT 0,
        errors TEXT NOT NULL DEFAULT '[]',
        result TEXT,
        error_message TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        lease_owner TEXT,
        lease_until TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX jobs_scope ON jobs (org_id, project_id, created_at DESC);
    CREATE INDEX jobs_claim ON jobs (state, lease_until);
    CREATE INDEX jobs_connector ON jobs (org_id, connector_id, created_at DESC);
    CREATE TABLE job_events (
        org_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        job_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        PRIMARY KEY (org_id, job_id, seq),
        FOREIGN KEY (org_id, job_id) REFERENCES jobs (org_id, id) ON DELETE CASCADE
    );
    """
}
