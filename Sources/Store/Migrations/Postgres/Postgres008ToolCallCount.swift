extension PostgresSchema {
    /// Migration 8: `runs.tool_call_count` (SQLite migration 6 says why).
    static let v8ToolCallCount = """
    ALTER TABLE runs ADD COLUMN tool_call_count integer NOT NULL DEFAULT 0;
    UPDATE runs r SET tool_call_count = c.n
    FROM (SELECT org_id, run_id, COUNT(*) AS n FROM events WHERE type = 'tool.called' GROUP BY org_id, run_id) c
    WHERE r.org_id = c.org_id AND r.id = c.run_id;
    """
}
