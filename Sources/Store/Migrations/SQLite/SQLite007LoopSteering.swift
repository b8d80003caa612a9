extension SQLiteSchema {
    /// Migration 7: steering a run. `run_injections` holds the messages
    /// `runs/inject` stores for a run; a step reads the unconsumed ones and
    /// its commit marks them consumed (`consumed_step`), so a message is read
    /// exactly once and survives a restart. `approvals.modified_args` holds
    /// the arguments an approver edited (`runs/approve {modified_args}`).
    static let v7LoopSteering = """
    CREATE TABLE run_injections (
        org_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        project_id TEXT NOT NULL DEFAULT '',
        run_id TEXT NOT NULL,
        role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'system')),
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        consumed_step INTEGER,
        consumed_at TEXT,
        PRIMARY KEY (org_id, id),
        FOREIGN KEY (org_id, run_id) REFERENCES runs (org_id, id) ON DELETE CASCADE
    );
    CREATE INDEX run_injections_run ON run_injections (org_id, run_id, consumed_step, created_at, id);
    ALTER TABLE approvals ADD COLUMN modified_args TEXT;
    """
}
