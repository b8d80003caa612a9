extension PostgresSchema {
    /// Migration 14: durable background jobs and their events (SQLite
    /// migration 12 says what they hold). Shared within (org, project) like
    /// connectors, with the same row-level policy. JSON is kept as text, as
    /// since migration 7. (Number 13 is left to the uploads migration of
    /// another branch.)
    static let v14Jobs = """
    CREATE TABLE jobs (
        org_id text NOT NULL,
        id text NOT NULL,
        user_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        kind text NOT NULL,
        connector_id text,
        trigger text NOT NULL DEFAULT 'manual',
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
        spec text NOT NULL DEFAULT '{}',
        checkpoint text NOT NULL DEFAULT '{}',
        stats text NOT NULL DEFAULT '{}',
        items_total integer NOT NULL DEFAULT 0,
        items_done integer NOT NULL DEFAULT 0,
        errors text NOT NULL DEFAULT '[]',
        result text,
        error_message text,
        cancel_requested integer NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
        lease_owner text,
        lease_until timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_seq bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, id)
    );
    CREATE INDEX jobs_scope ON jobs (org_id, project_id, created_at DESC);
    CREATE INDEX jobs_claim ON jobs (state, lease_until);
    CREATE INDEX jobs_connector ON jobs (org_id, connector_id, created_at DESC);
    CREATE TABLE job_events (
        org_id text NOT NULL,
        project_id text NOT NULL DEFAULT '',
        job_id text NOT NULL,
        seq bigint NOT NULL,
        type text NOT NULL,
        payload text NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        PRIMARY KEY (org_id, job_id, seq),
        FOREIGN KEY (org_id, job_id) REFERENCES jobs (org_id, id) ON DELETE CASCADE
    );
    GRANT SELECT, INSERT, UPDATE, DELETE ON jobs TO oi_runtime;
    ALTER TABLE jobs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE jobs FORCE ROW LEVEL SECURITY;
    CREATE POLICY jobs_tenant ON jobs
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    GRANT SELECT, INSERT, UPDATE, DELETE ON job_events TO oi_runtime;
    ALTER TABLE job_events ENABLE ROW LEVEL SECURITY;
    ALTER TABLE job_events FORCE ROW LEVEL SECURITY;
    CREATE POLICY job_events_tenant ON job_events
        USING (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)))
        WITH CHECK (current_setting('oi.system', true) = 'on' OR (org_id = current_setting('oi.org_id', true) AND project_id = current_setting('oi.project_id', true)));
    """
}
