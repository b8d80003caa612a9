import JSON

/// The role a member run plays, fixed when the group run is created (a
/// later edit of the role never changes a run in flight): its tool lists go
/// to `ToolPhase.role`, so a call outside them is `tool.blocked`.
public struct RoleBinding: Codable, Sendable, Equatable {
    public var roleID: String
    public var name: String
    public var lead: Bool
    public var groupID: String
    public var groupName: String
    public var allowedTools: [String]
    public var deniedTools: [String]

    enum CodingKeys: String, CodingKey {
        case name, lead
        case roleID = "role_id", groupID = "group_id", groupName = "group_name", allowedTools = "allowed_tools", deniedTools = "denied_tools"
    }

    var tools: ToolPolicy.RoleTools { ToolPolicy.RoleTools(allowed: allowedTools, denied: deniedTools) }

    /// Whether the role's lists let it use `tool` (the policy's first rule).
    func admits(_ tool: String) -> Bool {
        let names = ToolAliases.names(of: tool)
        func listed(_ patterns: [String]) -> Bool { patterns.contains { p in names.contains { Glob.matches(p, $0) } } }
        return !listed(deniedTools) && (allowedTools.isEmpty || listed(allowedTools))
    }
}

/// What a group run's parent executes: the members in order (non-leads by
/// ordinal, then the lead), fixed at creation. Each seat has a child run.
public struct TeamPlan: Codable, Sendable, Equatable {
    public struct Seat: Codable, Sendable, Equatable {
        public var roleID: String
        public var name: String
        public var lead: Bool

        enum CodingKeys: String, CodingKey { case name, lead, roleID = "role_id" }
    }

    public var groupID: String
    public var groupName: String
    /// A member's failure fails the run at once (instead of the lead deciding with what exists).
    public var failFast: Bool
    public var seats: [Seat]

    enum CodingKeys: String, CodingKey {
        case seats
        case groupID = "group_id", groupName = "group_name", failFast = "fail_fast"
    }

    var members: [Seat] { seats.filter { !$0.lead } }
    var lead: Seat? { seats.first { $0.lead } }
}
