import RPC
import Runtime

/// Schemas shared by the runs methods.
enum RunSchemas {
    static let runID = Schema.string(minLength: 1, maxLength: 64, pattern: "^run_[A-Za-z0-9]+$")
    static let sessionKey = SafeIDSchema.id
    static let status = Schema.oneOf(strings: ["pending", "running", "waiting_approval", "completed", "failed", "cancelled"])
    static let usage = Schema.object([
        "input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0), "cached_tokens": Schema.integer(minimum: 0),
    ], required: ["input_tokens", "output_tokens", "cached_tokens"])

    /// A run as every runs method returns it (the seed's RunMeta plus ours).
    static let run = Schema.object([
        "run_id": Schema.string(),
        "session_key": Schema.string(),
        "agent_id": Schema.string(),
        "status": status,
        "stop_reason": Schema.nullable(Schema.string()),
        "input": Schema.string(),
        "output": Schema.nullable(Schema.string()),
        "error": Schema.nullable(Schema.map(Schema.any)),
        "created_at": Schema.timestamp,
        "started_at": Schema.timestamp,
        "ended_at": Schema.nullable(Schema.timestamp),
        "duration_ms": Schema.nullable(Schema.integer(minimum: 0)),
        "event_count": Schema.integer(minimum: 0),
        "tool_call_count": Schema.integer(minimum: 0),
        "parent_run_id": Schema.nullable(Schema.string()),
        "group_id": Schema.nullable(Schema.string()),
        "role_id": Schema.nullable(Schema.string()),
        "usage": usage,
        "attempts": Schema.integer(minimum: 0),
        "metadata": Schema.nullable(Schema.map(Schema.any)),
        "scope": ScopeParams.schema,
        "idempotent_replay": Schema.boolean,
    ], required: ["run_id", "session_key", "status", "input", "created_at", "started_at", "event_count", "tool_call_count", "usage", "scope"])

    static let event = EventSchemas.envelope
}
