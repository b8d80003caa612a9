extension PostgresSchema {
    /// Migration 7: the JSON that carries model output, tool results and
    /// run results is kept as `text`, not `jsonb`. `jsonb` refuses `\\u0000`
    /// (a NUL in a model's answer or a file failed the run) and re-orders
    /// keys; as text, an event or checkpoint is stored as the bytes it was
    /// encoded to, on both backends alike. None of these columns is queried
    /// by JSON operators.
    static let v7JSONText = """
    ALTER TABLE runs ALTER COLUMN output TYPE text USING output::text;
    ALTER TABLE runs ALTER COLUMN error TYPE text USING error::text;
    ALTER TABLE runs ALTER COLUMN agent_config TYPE text USING agent_config::text;
    ALTER TABLE runs ALTER COLUMN llm_config TYPE text USING llm_config::text;
    ALTER TABLE runs ALTER COLUMN metadata TYPE text USING metadata::text;
    ALTER TABLE events ALTER COLUMN payload DROP DEFAULT;
    ALTER TABLE events ALTER COLUMN payload TYPE text USING payload::text;
    ALTER TABLE events ALTER COLUMN payload SET DEFAULT '{}';
    ALTER TABLE checkpoints ALTER COLUMN state TYPE text USING state::text;
    ALTER TABLE approvals ALTER COLUMN args DROP DEFAULT;
    ALTER TABLE approvals ALTER COLUMN args TYPE text USING args::text;
    ALTER TABLE approvals ALTER COLUMN args SET DEFAULT '{}';
    """
}
