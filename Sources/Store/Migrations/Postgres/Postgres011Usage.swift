extension PostgresSchema {
    /// Migration 10: `runs.cost_nanos`, `usage_estimated` and `model`
    /// (SQLite migration 8 says why; number 9 is left to the loop-steering
    /// migration of another branch).
    static let v11Usage = """
    ALTER TABLE runs ADD COLUMN cost_nanos bigint NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN usage_estimated boolean NOT NULL DEFAULT false;
    ALTER TABLE runs ADD COLUMN model text;
    """
}
