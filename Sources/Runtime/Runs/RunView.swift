import Foundation
import JSON
import Store

/// A run as the runs methods return it: the seed's RunMeta fields (`run_id`,
/// `started_at` = started or created, `duration_ms`, `event_count`,
/// `tool_call_count`, `parent_run_id`) plus ours.
public enum RunView {
    public static func json(_ run: Run, toolCalls: Int, replay: Bool? = nil) -> JSONValue {
        let started = run.startedAt ?? run.createdAt
        var o: [String: JSONValue] = [
            "run_id": .string(run.id),
            "session_key": .string(run.sessionKey),
            "agent_id": .string(run.agentID),
            "status": .string(run.status.rawValue),
            "stop_reason": run.stopReason.map(JSONValue.string) ?? .null,
            "input": .string(run.input),
            "output": run.output.flatMap { try? JSONParser.parse($0) }.flatMap(\.stringValue).map(JSONValue.string) ?? .null,
            "error": run.error.flatMap { try? JSONParser.parse($0) } ?? .null,
            "created_at": .string(ISO8601.format(run.createdAt)),
            "started_at": .string(ISO8601.format(started)),
            "ended_at": run.endedAt.map { .string(ISO8601.format($0)) } ?? .null,
            "duration_ms": run.endedAt.map { .int(Int64(($0.timeIntervalSince(started) * 1000).rounded())) } ?? .null,
            "event_count": .int(run.lastSeq),
            "tool_call_count": .int(Int64(toolCalls)),
            "parent_run_id": run.parentRunID.map(JSONValue.string) ?? .null,
            "group_id": run.groupID.map(JSONValue.string) ?? .null,
            "role_id": run.roleID.map(JSONValue.string) ?? .null,
            "usage": ["input_tokens": .int(run.usage.inputTokens), "output_tokens": .int(run.usage.outputTokens), "cached_tokens": .int(run.usage.cachedTokens)],
            "attempts": .int(Int64(run.attempts)),
            "metadata": run.metadata.flatMap { try? JSONParser.parse($0) } ?? .null,
            "scope": scopeJSON(run.scope),
        ]
        if let replay { o["idempotent_replay"] = .bool(replay) }
        return .object(o)
    }

    public static func scopeJSON(_ scope: Scope) -> JSONValue {
        var o: [String: JSONValue] = ["org_id": .string(scope.orgID), "user_id": .string(scope.userID)]
        if let p = scope.projectID { o["project_id"] = .string(p) }
        return .object(o)
    }
}
