import JSON

/// The JSON Schema of every event type's payload, and of the envelope.
/// `schemas/events/` is generated from this table; tests validate recorded
/// events against it.
public enum EventSchemas {
    /// Token counts; `estimated` when some count is our estimate (the provider reported none).
    static let usage = Schema.object([
        "input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0), "cached_tokens": Schema.integer(minimum: 0),
        "estimated": Schema.boolean,
    ], required: ["input_tokens", "output_tokens", "cached_tokens"])

    /// US dollars at the configured prices (`pricing`); 0 for a model without a price.
    static let cost = Schema.number(minimum: 0)

    static let error = Schema.object([
        "code": Schema.string(), "message": Schema.string(), "details": Schema.any,
    ], required: ["code", "message"], additional: true)

    static let stopReason = Schema.oneOf(strings: ["end_turn", "max_steps", "max_tokens", "timeout", "budget", "doom_loop", "cancelled", "refusal", "error"])

    public static let payloads: [String: JSONValue] = [
        EventType.runStarted: Schema.object([
            "input": Schema.string(), "session_key": Schema.string(),
            "agent": Schema.object(["provider": Schema.string(), "model": Schema.string(), "max_steps": Schema.integer(minimum: 1), "timeout_ms": Schema.integer(minimum: 1)], additional: true),
            "history_messages": Schema.integer(minimum: 0),
        ], required: ["input", "session_key"], additional: true),
        EventType.runResumed: Schema.object([
            "from_step": Schema.integer(minimum: 0), "attempt": Schema.integer(minimum: 1), "worker": Schema.string(),
        ], required: ["from_step", "attempt"]),
        EventType.runCompleted: Schema.object([
            "output": Schema.string(), "stop_reason": stopReason, "usage": usage, "cost_usd": cost, "duration_ms": Schema.integer(minimum: 0),
            "steps": Schema.integer(minimum: 0),
        ], required: ["output", "stop_reason", "usage"]),
        EventType.runFailed: Schema.object([
            "error": error, "stop_reason": stopReason, "usage": usage, "cost_usd": cost, "duration_ms": Schema.integer(minimum: 0),
            "steps": Schema.integer(minimum: 0),
        ], required: ["error", "stop_reason"]),
        EventType.runCancelled: Schema.object([
            "stop_reason": stopReason, "reason": Schema.string(), "usage": usage, "cost_usd": cost, "steps": Schema.integer(minimum: 0),
        ], required: ["stop_reason"]),
        EventType.runWaiting: Schema.object(["call_ids": Schema.array(Schema.string())], required: ["call_ids"]),
        EventType.runDelegated: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "child_run_ids": Schema.array(Schema.string()),
        ], required: ["call_id", "tool_name", "child_run_ids"]),
        EventType.stepStarted: Schema.object(["step": Schema.integer(minimum: 1)], required: ["step"]),
        EventType.stepCompleted: Schema.object([
            "step": Schema.integer(minimum: 1), "result_type": Schema.oneOf(strings: ["tool_call", "final_answer"]),
            "finish_reason": Schema.string(), "usage": usage, "cost_usd": cost, "duration_ms": Schema.integer(minimum: 0),
        ], required: ["step", "result_type", "usage"]),
        EventType.llmCalled: Schema.object([
            "provider": Schema.string(), "model": Schema.string(), "attempt": Schema.integer(minimum: 1),
            "request_bytes": Schema.integer(minimum: 0), "message_count": Schema.integer(minimum: 0), "tool_count": Schema.integer(minimum: 0),
            "retry_reason": Schema.string(), "retry_delay_ms": Schema.integer(minimum: 0),
            "estimated_tokens": Schema.integer(minimum: 0), "context_window": Schema.integer(minimum: 1),
        ], required: ["provider", "model", "attempt"]),
        EventType.llmToken: Schema.object([
            "text": Schema.string(), "index": Schema.integer(minimum: 0), "count": Schema.integer(minimum: 1),
        ], required: ["text", "index"]),
        EventType.toolCalled: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "args": Schema.any, "original_args": Schema.any,
            "modified_args_applied": Schema.boolean,
        ], required: ["call_id", "tool_name", "args"]),
        EventType.toolResult: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "result": Schema.any, "is_error": Schema.boolean,
            "duration_ms": Schema.integer(minimum: 0),
        ], required: ["call_id", "tool_name", "result", "is_error"]),
        EventType.toolBlocked: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "args": Schema.any, "reason": Schema.string(), "rule": Schema.string(),
            "role_id": Schema.string(), "risk_level": Schema.string(),
        ], required: ["call_id", "tool_name", "reason"]),
        EventType.toolRequiresApproval: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "args": Schema.any, "reason": Schema.string(), "risk_level": Schema.string(),
        ], required: ["call_id", "tool_name", "args"]),
        EventType.toolApproved: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "decision": Schema.oneOf(strings: ["allow_once", "allow_always"]),
            "modified_args": Schema.map(Schema.any), "modified_args_applied": Schema.boolean,
        ], required: ["call_id", "tool_name", "decision"]),
        EventType.toolInterrupted: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "args": Schema.any, "reason": Schema.string(),
        ], required: ["call_id", "tool_name", "reason"]),
        EventType.toolDenied: Schema.object([
            "call_id": Schema.string(), "tool_name": Schema.string(), "reason": Schema.string(),
        ], required: ["call_id", "tool_name"]),
        EventType.runWarning: Schema.object([
            "code": Schema.string(), "message": Schema.string(), "context": Schema.any,
        ], required: ["code", "message"]),
        EventType.runCompacted: Schema.object([
            "messages_before": Schema.integer(minimum: 0), "messages_after": Schema.integer(minimum: 0), "tokens_saved": Schema.integer(minimum: 0),
            "summary": Schema.string(), "summarizer": Schema.oneOf(strings: ["model", "extractive"]),
            "tokens_before": Schema.integer(minimum: 0), "tokens_after": Schema.integer(minimum: 0), "context_window": Schema.integer(minimum: 1),
        ], required: ["messages_before", "messages_after", "tokens_saved", "summary"]),
        EventType.userInjected: Schema.object([
            "message": Schema.string(), "role": Schema.oneOf(strings: ["user", "system"]), "injection_id": Schema.string(),
        ], required: ["message", "role"]),
        EventType.toolBatchStarted: Schema.object([
            "batch_id": Schema.string(), "tool_count": Schema.integer(minimum: 1), "strategy": Schema.oneOf(strings: ["parallel", "serial"]),
            "call_ids": Schema.array(Schema.string()),
        ], required: ["batch_id", "tool_count", "strategy"]),
        EventType.toolBatchCompleted: Schema.object([
            "batch_id": Schema.string(), "tool_count": Schema.integer(minimum: 1), "success_count": Schema.integer(minimum: 0),
            "failure_count": Schema.integer(minimum: 0), "duration_ms": Schema.integer(minimum: 0),
        ], required: ["batch_id", "tool_count", "success_count", "failure_count", "duration_ms"]),
        EventType.mcpToolsRefreshed: Schema.object([
            "server": Schema.string(), "tool_count": Schema.integer(minimum: 0), "added": Schema.array(Schema.string()),
            "removed": Schema.array(Schema.string()), "reason": Schema.oneOf(strings: ["list_changed", "restart"]),
        ], required: ["server", "tool_count", "added", "removed"]),
        EventType.mcpServerRestarted: Schema.object([
            "server": Schema.string(), "restarts": Schema.integer(minimum: 0),
        ], required: ["server", "restarts"]),
        EventType.memoryRetrieved: Schema.object([
            "query": Schema.string(), "mode": Schema.oneOf(strings: ["hybrid", "text", "vector"]),
            "core_blocks": Schema.array(Schema.string()),
            "hits": Schema.array(Schema.object([
                "id": Schema.string(), "memory_id": Schema.string(), "tier": Schema.oneOf(strings: ["core", "episodic", "archival"]),
                "score": Schema.number(minimum: 0),
            ], required: ["id", "memory_id", "tier", "score"])),
            "duration_ms": Schema.integer(minimum: 0), "error": Schema.string(),
        ], required: ["core_blocks", "hits"]),
        EventType.memorySummarized: Schema.object([
            "memory_id": Schema.string(), "summarizer": Schema.oneOf(strings: ["model", "extractive"]),
            "promoted": Schema.array(Schema.string()), "model": Schema.string(),
            "usage": Schema.object([
                "input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0), "cached_tokens": Schema.integer(minimum: 0),
                "estimated": Schema.boolean,
            ], required: ["input_tokens", "output_tokens"]),
            "error": Schema.string(),
        ], required: ["memory_id", "summarizer", "promoted", "model", "usage"]),
        EventType.messageTask: Schema.object([
            "goal": Schema.string(), "inputs": Schema.any, "expected_output": Schema.string(), "constraints": Schema.array(Schema.string()),
            "priority": Schema.oneOf(strings: ["low", "medium", "high", "critical"]), "to_role_id": Schema.string(),
        ], required: ["goal"], additional: true),
        EventType.messageProposal: Schema.object([
            "plan": Schema.string(), "risks": Schema.array(Schema.string()), "dependencies": Schema.array(Schema.string()), "evidence_refs": Schema.array(Schema.any),
        ], required: ["plan"], additional: true),
        EventType.messageDecision: Schema.object([
            "decision": Schema.string(), "rationale": Schema.string(), "next_actions": Schema.array(Schema.string()), "evidence_refs": Schema.array(Schema.any),
        ], required: ["decision"], additional: true),
        EventType.messageEvidence: Schema.object([
            "refs": Schema.array(Schema.any), "summary": Schema.string(),
        ], required: ["summary"], additional: true),
        EventType.messageStatus: Schema.object([
            "state": Schema.oneOf(strings: ["working", "blocked", "done", "error", "failed"]), "progress": Schema.number(minimum: 0, maximum: 1),
            "blockers": Schema.array(Schema.string()), "role_id": Schema.string(),
        ], required: ["state"], additional: true),
    ]

    /// The envelope every event shares; `payload` is checked per type.
    public static let envelope = Schema.object([
        "id": Schema.string(pattern: "^evt_"),
        "run_id": Schema.string(pattern: "^run_"),
        "seq": Schema.integer(minimum: 1),
        "type": Schema.string(),
        "ts": Schema.timestamp,
        "scope": Schema.object(["org_id": Schema.string(), "user_id": Schema.string(), "project_id": Schema.string()], required: ["org_id", "user_id"]),
        "step": Schema.integer(minimum: 0),
        "group_id": Schema.string(),
        "role_id": Schema.string(),
        "message_type": Schema.string(),
        "payload": Schema.map(Schema.any),
    ], required: ["id", "run_id", "seq", "type", "ts", "scope", "payload"])

    /// Types whose events may come without `seq`: `llm.token` with
    /// `agent.persistLlmTokens` off is sent live and never stored.
    public static let liveOnly: Set<String> = [EventType.llmToken]

    /// An envelope with this type's payload schema in place.
    public static func schema(for type: String) -> JSONValue? {
        guard let payload = payloads[type], case .object(var o) = envelope, case .object(var props) = o["properties"] else { return nil }
        props["payload"] = payload
        props["type"] = ["const": .string(type)]
        o["properties"] = .object(props)
        if liveOnly.contains(type), case .array(let required) = o["required"] {
            o["required"] = .array(required.filter { $0 != "seq" })
        }
        return .object(o)
    }
}
