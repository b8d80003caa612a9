extension SQLiteSchema {
    /// Migration 6: `runs.tool_call_count`, raised by the same statement that
    /// reserves the `seq`s of appended `tool.called` events, so a list of runs
    /// needs no count query per run.
    static let v6ToolCallCount = """
    ALTER TABLE runs ADD COLUMN tool_call_count INTEGER NOT NULL DEFAULT 0;
    UPDATE runs SET tool_call_count = (
        SELECT COUNT(*) FROM events e WHERE e.org_id = runs.org_id AND e.run_id = runs.id AND e.type = 'tool.called');
    """
}
