import JSON
import Runtime

/// Schemas shared by the runs methods.
enum RunSchemas {
    static let runID = Schema.string(minLength: 1, maxLength: 64, pattern: "^run_[A-Za-z0-9]+$")
    static let sessionKey = SafeIDSchema.id
    static let status = Schema.oneOf(strings: ["pending", "running", "waiting_approval", "waiting_children", "completed", "failed", "cancelled"])
    static let usage = Schema.object([
        "input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0), "cached_tokens": Schema.integer(minimum: 0),
        "estimated": Schema.boolean,
    ], required: ["input_tokens", "output_tokens", "cached_tokens", "estimated"])

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
        "root_run_id": Schema.string(),
        "group_id": Schema.nullable(Schema.string()),
        "role_id": Schema.nullable(Schema.string()),
        "usage": usage,
        "cost_usd": Schema.number(minimum: 0),
        "model": Schema.nullable(Schema.string()),
        "attempts": Schema.integer(minimum: 0),
        "metadata": Schema.nullable(Schema.map(Schema.any)),
        "scope": ScopeParams.schema,
        "idempotent_replay": Schema.boolean,
        "children": Schema.array(Schema.object([
            "run_id": Schema.string(), "status": status, "role_id": Schema.nullable(Schema.string()), "group_id": Schema.nullable(Schema.string()),
        ], required: ["run_id", "status"])),
    ], required: ["run_id", "session_key", "status", "input", "created_at", "started_at", "event_count", "tool_call_count", "usage", "cost_usd",
                "scope"])

    static let event = EventSchemas.envelope

    /// A completed run, for the methods' examples.
    static let exampleRun = RunView(
        runID: "run_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", sessionKey: "s_default", status: "completed", stopReason: "end_turn", input: "hello",
        output: "You said: hello", createdAt: "2026-12-06T21:00:00.000Z", startedAt: "2026-12-06T21:00:00.010Z",
        endedAt: "2026-12-06T21:00:00.040Z", durationMs: 30, eventCount: 6, usage: .init(inputTokens: 12, outputTokens: 4, cachedTokens: 0),
        costUsd: 0.00007, model: "openai/gpt-4o", attempts: 1, scope: .init(orgID: "acme", userID: "ann"))

    /// Its last event.
    static let exampleEvent = RunEvent(
        id: "evt_01MB4ZC8JE0C2E4G6J8M0P2R4T", runID: exampleRun.runID, seq: 6, type: "run.completed", ts: "2026-12-06T21:00:00.040Z",
        orgID: "acme", userID: "ann", projectID: nil,
        payload: ["output": "You said: hello", "stop_reason": "end_turn",
                  "usage": ["input_tokens": 12, "output_tokens": 4, "cached_tokens": 0, "estimated": false], "cost_usd": 0.00007,
                  "duration_ms": 30, "steps": 1])
}
