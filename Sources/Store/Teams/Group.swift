import Foundation

/// A team: roles in order, one of them the lead, shared within (org,
/// project). `config` is JSON text (`{"fail_fast": bool}`).
public struct Group: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var projectID: String?
    public var name: String
    public var description: String
    public var config: String
    public var createdAt: Date
    public var updatedAt: Date
}

/// What `GroupRepository.create` needs.
public struct NewGroup: Sendable, Hashable {
    public var name: String
    public var description: String
    public var config: String

    public init(name: String, description: String = "", config: String = "{}") {
        self.name = name
        self.description = description
        self.config = config
    }
}

/// A partial change to a group.
public struct GroupChange: Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var config: String?

    public init(name: String? = nil, description: String? = nil, config: String? = nil) {
        self.name = name
        self.description = description
        self.config = config
    }
}

/// A role's place in a group, with the role's name and lead flag.
public struct GroupMember: Sendable, Hashable {
    public var id: String
    public var groupID: String
    public var roleID: String
    public var ordinal: Int
    public var createdAt: Date
    public var roleName: String
    public var isLead: Bool
}

/// A group with its members (by ordinal) and their full roles: what a group
/// run is planned from.
public struct GroupRoster: Sendable, Hashable {
    public var group: Group
    public var members: [GroupMember]
    public var roles: [String: Role]
}

/// A group's run figures in one private scope, computed in SQL over its
/// group runs (the parents, not the per-role children).
public struct GroupStats: Sendable, Hashable {
    public var runCount: Int
    public var completedCount: Int
    public var failedCount: Int
    /// completed / run_count; 0 with no runs.
    public var successRate: Double
    /// Mean of `ended_at - started_at` over finished runs; nil with none.
    public var avgDurationMs: Double?
}
