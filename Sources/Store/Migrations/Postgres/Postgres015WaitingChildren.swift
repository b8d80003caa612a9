extension PostgresSchema {
    /// Migration 15 (SQLite 13 says why): `waiting_children` joins the run
    /// statuses; `root_run_id` names the top of a run's delegation tree
    /// (NULL for a top-level run), backfilled from up to three ancestors.
    static let v15WaitingChildren = """
    ALTER TABLE runs DROP CONSTRAINT IF EXISTS runs_status_check;
    ALTER TABLE runs ADD CONSTRAINT runs_status_check
        CHECK (status IN ('pending', 'running', 'waiting_approval', 'waiting_children', 'completed', 'failed', 'cancelled'));
    ALTER TABLE runs ADD COLUMN root_run_id text;
    UPDATE runs r SET root_run_id = CASE WHEN p.parent_run_id IS NULL THEN r.parent_run_id
                                        WHEN g.parent_run_id IS NULL THEN p.parent_run_id
                                        ELSE g.parent_run_id END
    FROM runs p LEFT JOIN runs g ON g.org_id = p.org_id AND g.id = p.parent_run_id
    WHERE r.parent_run_id IS NOT NULL AND p.org_id = r.org_id AND p.id = r.parent_run_id;
    CREATE INDEX runs_root ON runs (org_id, root_run_id) WHERE root_run_id IS NOT NULL;
    """
}
