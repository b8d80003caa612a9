import Foundation
import JSON
import Store

/// Roles, groups, members and blackboard entries as the RPC methods return
/// them (the seed's field names, plus `scope`).
public enum TeamViews {
    public static func role(_ r: Role) -> JSONValue {
        ["id": .string(r.id), "name": .string(r.name), "description": .string(r.description), "system_prompt": .string(r.systemPrompt),
         "is_lead": .bool(r.isLead), "allowed_tools": json(r.allowedTools, or: []), "denied_tools": json(r.deniedTools, or: []),
         "style_constraints": json(r.styleConstraints, or: [:]), "model": r.model.map { json($0, or: .null) } ?? .null,
         "created_at": .string(ISO8601.format(r.createdAt)), "updated_at": .string(ISO8601.format(r.updatedAt)),
         "scope": shared(r.orgID, r.projectID)]
    }

    public static func group(_ g: Group) -> JSONValue {
        ["id": .string(g.id), "name": .string(g.name), "description": .string(g.description), "project_id": g.projectID.map(JSONValue.string) ?? .null,
         "config": json(g.config, or: [:]), "created_at": .string(ISO8601.format(g.createdAt)), "updated_at": .string(ISO8601.format(g.updatedAt)),
         "scope": shared(g.orgID, g.projectID)]
    }

    public static func member(_ m: GroupMember) -> JSONValue {
        ["id": .string(m.id), "group_id": .string(m.groupID), "role_id": .string(m.roleID), "role_name": .string(m.roleName),
         "is_lead": .bool(m.isLead), "agent_instance_id": .null, "ordinal": .int(Int64(m.ordinal)), "created_at": .string(ISO8601.format(m.createdAt))]
    }

    public static func entry(_ e: BlackboardEntry) -> JSONValue {
        ["id": .string(e.id), "group_id": .string(e.groupID), "type": .string(e.type), "content": .string(e.content), "refs": json(e.refs, or: []),
         "role_id": e.roleID.map(JSONValue.string) ?? .null, "run_id": e.runID.map(JSONValue.string) ?? .null, "metadata": json(e.metadata, or: [:]),
         "user_id": .string(e.userID), "tier": "episodic", "created_at": .string(ISO8601.format(e.createdAt)), "updated_at": .string(ISO8601.format(e.updatedAt))]
    }

    public static func groupRun(_ r: Run) -> JSONValue {
        let started = r.startedAt ?? r.createdAt
        return ["run_id": .string(r.id), "status": .string(r.status.rawValue), "input": .string(r.input), "output": RunView(r).output.map(JSONValue.string) ?? .null,
                "created_at": .string(ISO8601.format(r.createdAt)), "ended_at": r.endedAt.map { .string(ISO8601.format($0)) } ?? .null,
                "duration_ms": r.endedAt.map { .int(Int64(($0.timeIntervalSince(started) * 1000).rounded())) } ?? .null]
    }

    static func json(_ text: String, or fallback: JSONValue) -> JSONValue {
        (try? JSONParser.parse(text)) ?? fallback
    }

    static func shared(_ org: String, _ project: String?) -> JSONValue {
        var o: [String: JSONValue] = ["org_id": .string(org)]
        if let project { o["project_id"] = .string(project) }
        return .object(o)
    }
}
