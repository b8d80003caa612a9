import Foundation
import Memory
import JSON
import Store

/// The teams API the host's methods and the CLI call: roles, groups and
/// their members (`TeamService+Roles`, `+Groups`), blackboards
/// (`+Blackboard`), and here group runs (a parent and one member run per
/// role, planned from the group as it is now). Every call is scoped; roles
/// and groups are shared within the caller's (org, project), and one of
/// another org or project reads as not found.
public struct TeamService: Sendable {
    let stores: Database
    let memory: MemoryService
    let runs: RunService
    let defaults: AgentSpec

    /// Creates a group run: the parent (agent `group:<id>`) and, in the same
    /// transaction, one pending member run per role (non-leads by ordinal,
    /// then the lead), each with its role's prompt, tools and model fixed.
    /// `llm` is the request's `llm_config`, under each role's own `model`.
    /// Refused with -32005 unless the group has exactly one lead and at
    /// least one other member.
    public func createRun(group idOrName: String, input: String, sessionKey: String?, llm: AgentSpec, in scope: Scope) async throws -> (parent: Run, children: [Run]) {
        try SafeIDSchema.check(sessionKey, path: "params.session_key")
        let family = try await plan(group: idOrName, input: input, sessionKey: sessionKey ?? "s_default", llm: llm, in: scope)
        let created = try await stores.runs.createFamily(parent: family.parent, children: family.children, in: scope)
        runs.queue.wake()
        await runs.link?.runQueued(created.parent.id)
        return created
    }

    /// The runs of a group run, not yet stored: the parent and one member
    /// run per role, in seat order.
    func plan(group idOrName: String, input: String, sessionKey: String, llm: AgentSpec, in scope: Scope) async throws -> (parent: NewRun, children: [NewRun]) {
        try SafeIDSchema.check(idOrName, path: "params.group_id")
        guard let roster = try await stores.groups.roster(idOrName, in: scope) else {
            throw TeamError.notFound("group", idOrName, path: "params.group_id")
        }
        let group = roster.group
        let leads = roster.members.filter(\.isLead)
        let others = roster.members.filter { !$0.isLead }
        guard leads.count == 1 else {
            throw TeamError.notRunnable(leads.isEmpty
                ? "group \(group.name) has no lead: exactly one member role must have is_lead true"
                : "group \(group.name) has \(leads.count) leads (\(leads.map(\.roleName).joined(separator: ", "))): exactly one member role may have is_lead true",
                groupID: group.id)
        }
        guard !others.isEmpty else {
            throw TeamError.notRunnable("group \(group.name) has no members besides its lead: add at least one non-lead role", groupID: group.id)
        }
        let failFast = (try? JSONParser.parse(group.config))?["fail_fast"]?.boolValue ?? false
        let ordered = others + leads
        let plan = TeamPlan(groupID: group.id, groupName: group.name, failFast: failFast,
                            seats: ordered.map { TeamPlan.Seat(roleID: $0.roleID, name: $0.roleName, lead: $0.isLead) })
        var parentSpec = AgentSpec()
        parentSpec.team = plan
        // The parent waits for every member: its time limit is theirs, added up.
        parentSpec.timeoutMs = (defaults.timeoutMs ?? 300_000) * Int64(ordered.count + 1)
        let parent = NewRun(sessionKey: sessionKey, agentID: SerialOrchestrator.agentPrefix + group.id, input: input,
                            agentConfig: try Self.encode(parentSpec), groupID: group.id)
        var children: [NewRun] = []
        for member in ordered {
            guard let role = roster.roles[member.roleID] else {
                throw TeamError.notFound("role", member.roleID, path: "params.group_id")
            }
            let spec = try Self.spec(for: role, group: group, llm: llm, defaults: defaults)
            children.append(NewRun(sessionKey: "-", agentID: "role:" + role.id, input: input, agentConfig: try Self.encode(spec),
                                   groupID: group.id, roleID: role.id))
        }
        return (parent, children)
    }

    /// A member's agent: the role's `model` block over the request's
    /// `llm_config` over the process defaults; the role's prompt, style and
    /// seat protocol as the system prompt; its tool lists bound.
    static func spec(for role: Role, group: Group, llm: AgentSpec, defaults: AgentSpec) throws -> AgentSpec {
        var spec = AgentSpec()
        if let model = role.model, let value = try? JSONParser.parse(model), value != .null {
            spec = try JSONValueCoding.decode(AgentSpec.self, from: value, path: "model")
        }
        spec = spec.over(llm).over(defaults)
        spec.systemPrompt = [role.systemPrompt, TeamContext.styleNote(role.styleConstraints), TeamContext.protocolNote(lead: role.isLead, groupName: group.name)]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        spec.role = RoleBinding(roleID: role.id, name: role.name, lead: role.isLead, groupID: group.id, groupName: group.name,
                                allowedTools: Self.names(role.allowedTools), deniedTools: Self.names(role.deniedTools))
        spec.team = nil
        return spec
    }

    static func names(_ json: String) -> [String] {
        (try? JSONParser.parse(json))?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Tool names as the JSON text the store keeps.
    static func json(_ names: [String]) -> String {
        JSONValue.array(names.map(JSONValue.string)).description
    }

    static func encode(_ spec: AgentSpec) throws -> String {
        String(decoding: try JSONValueCoding.encodeData(spec), as: UTF8.self)
    }

    /// The count of an all-or-nothing delete, or why nothing was deleted:
    /// ids not in the scope (`data.missing`), or ids still in use
    /// (`data.ids`, `inUse` says what and how to proceed).
    static func deletedCount(_ outcome: BatchDeletion, kind: String, code: RuntimeError.Code, inUse: (String) -> String) throws -> Int {
        switch outcome {
        case .deleted(let count): return count
        case .missing(let ids): throw TeamError.missing(kind, ids)
        case .inUse(let ids): throw TeamError.inUse("nothing deleted: " + inUse(ids.joined(separator: ", ")), ids: ids, code: code)
        }
    }
}
