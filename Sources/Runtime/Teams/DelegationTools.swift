import JSON

/// What the delegation tools share: they change the world (child runs), are
/// idempotent per call (a resumed call finds its children), and wait as
/// long as their children take — the run's own time limit bounds them.
protocol DelegationTool: Tool {
    var delegation: Delegation { get }
}

extension DelegationTool {
    var isIdempotent: Bool { true }
    var timeout: Duration? { .seconds(7 * 24 * 3600) }

    static var roleSchema: JSONValue {
        Schema.string(minLength: 1, maxLength: 256, description: "The role's id or name (roles/list); omit it to hand the task to an agent like you.")
    }
    static var goalSchema: JSONValue { Schema.string(minLength: 1, maxLength: 20_000, description: "What the other agent must achieve.") }
    static var contextSchema: JSONValue { Schema.string(maxLength: 100_000, description: "What it needs to know that the goal does not say.") }

    static func assignment(_ value: JSONValue) -> Delegation.Assignment {
        Delegation.Assignment(roleID: value["role_id"]?.stringValue, goal: value["goal"]?.stringValue ?? "", context: value["context"]?.stringValue)
    }
}

/// `handoff_to`: one task to a role's agent; the answer is its result.
struct HandoffTool: DelegationTool {
    let name = "handoff_to"
    let description = "Hand a task to another agent (a role, by id or name) and wait for its answer, which this call returns."
    let risk = RiskLevel.low
    let delegation: Delegation
    var inputSchema: JSONValue {
        Schema.object(["role_id": Self.roleSchema, "goal": Self.goalSchema, "context": Self.contextSchema], required: ["goal"])
    }

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await delegation.delegate(name, tasks: [Self.assignment(arguments)], context: context)
    }
}

/// `dispatch_subtasks`: several tasks at once, one child run each; returns
/// every result when the last one ends.
struct DispatchSubtasksTool: DelegationTool {
    let name = "dispatch_subtasks"
    let description = "Split work into subtasks, each done by another agent (a role) at the same time; returns every result once all have ended."
    let risk = RiskLevel.low
    let delegation: Delegation
    var inputSchema: JSONValue {
        Schema.object([
            "subtasks": Schema.array(Schema.object(["role_id": Self.roleSchema, "goal": Self.goalSchema, "context": Self.contextSchema], required: ["goal"]),
                                     minItems: 1, maxItems: 10),
        ], required: ["subtasks"])
    }

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await delegation.delegate(name, tasks: (arguments["subtasks"]?.arrayValue ?? []).map(Self.assignment), context: context)
    }
}

/// `escalate_to_group`: a task to a whole group (its members, then its
/// lead); the result is the lead's decision.
struct EscalateToGroupTool: DelegationTool {
    let name = "escalate_to_group"
    let description = "Escalate a task to a group of agents (by group id or name): its members work on it, its lead decides; returns the decision."
    let risk = RiskLevel.medium
    let delegation: Delegation
    var inputSchema: JSONValue {
        Schema.object(["group_id": Schema.string(minLength: 1, maxLength: 256, description: "The group's id or name (groups/list)."),
                       "goal": Self.goalSchema, "context": Self.contextSchema], required: ["group_id", "goal"])
    }

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        try await delegation.delegate(name, tasks: [Self.assignment(arguments)], group: arguments["group_id"]?.stringValue, context: context)
    }
}

/// `list_roles`: the roles a run may hand work to (`handoff_to`,
/// `dispatch_subtasks`), shared within its (org, project).
struct ListRolesTool: Tool {
    let name = "list_roles"
    let isReadOnly = true
    let description = "List the roles other agents can play (id, name, description, lead), to hand tasks to with handoff_to or dispatch_subtasks."
    let risk = RiskLevel.low
    let inputSchema = Schema.object([:])
    let teams: TeamService

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let roles = try await teams.roles(in: try context.scope).map { role -> JSONValue in
            ["role_id": .string(role.id), "name": .string(role.name), "description": .string(role.description), "is_lead": .bool(role.isLead)]
        }
        return ToolOutput(["roles": .array(roles)])
    }
}

/// `list_available_groups` (the seed's): the groups a run may escalate to.
struct ListAvailableGroupsTool: Tool {
    let name = "list_available_groups"
    let isReadOnly = true
    let description = "List the groups of agents a task can be escalated to with escalate_to_group (id, name, description)."
    let risk = RiskLevel.low
    let inputSchema = Schema.object([:])
    let teams: TeamService

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let groups = try await teams.groups(in: try context.scope).map { group -> JSONValue in
            ["group_id": .string(group.id), "name": .string(group.name), "description": .string(group.description)]
        }
        return ToolOutput(["groups": .array(groups)])
    }
}
