extension SQLiteSchema {
    /// Migration 8: what a run cost and on which model. `cost_nanos` is the
    /// run's cost in billionths of a US dollar (whole numbers, so a group's
    /// sum is exact); `usage_estimated` is 1 when any of its token counts
    /// was estimated (a provider reported none); `model` is
    /// `provider/model` as priced. Added to by every step commit, like the
    /// token columns. (Number 7 is left to the loop-steering migration of
    /// another branch.)
    static let v9Usage = """
    ALTER TABLE runs ADD COLUMN cost_nanos INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN usage_estimated INTEGER NOT NULL DEFAULT 0 CHECK (usage_estimated IN (0, 1));
    ALTER TABLE runs ADD COLUMN model TEXT;
    """
}
