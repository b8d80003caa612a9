import JSON
import RPC
import Runtime
import Store

/// A group member as the members methods show it: the seed's fields (with
/// `agent_instance_id`, always null here) plus the role's name and lead flag.
struct MemberView: Encodable, Sendable {
    var id: String
    var groupID: String
    var roleID: String
    var roleName: String
    var isLead: Bool
    var ordinal: Int
    var createdAt: String

    init(id: String, groupID: String, roleID: String, roleName: String, isLead: Bool, ordinal: Int, createdAt: String) {
        self.id = id
        self.groupID = groupID
        self.roleID = roleID
        self.roleName = roleName
        self.isLead = isLead
        self.ordinal = ordinal
        self.createdAt = createdAt
    }

    init(_ m: GroupMember) {
        self.init(id: m.id, groupID: m.groupID, roleID: m.roleID, roleName: m.roleName, isLead: m.isLead, ordinal: m.ordinal,
                  createdAt: ISO8601.format(m.createdAt))
    }

    enum CodingKeys: String, CodingKey {
        case id, ordinal
        case groupID = "group_id", roleID = "role_id", roleName = "role_name", isLead = "is_lead", agentInstanceID = "agent_instance_id"
        case createdAt = "created_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(groupID, forKey: .groupID)
        try c.encode(roleID, forKey: .roleID)
        try c.encode(roleName, forKey: .roleName)
        try c.encode(isLead, forKey: .isLead)
        // The seed's field; a role here has no standing agent instance.
        try c.encodeNil(forKey: .agentInstanceID)
        try c.encode(ordinal, forKey: .ordinal)
        try c.encode(createdAt, forKey: .createdAt)
    }

    static let example = MemberView(id: "gm_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", groupID: TeamSchemas.exampleGroup.id, roleID: TeamSchemas.exampleRole.id,
                                    roleName: TeamSchemas.exampleRole.name, isLead: false, ordinal: 0, createdAt: "2026-12-06T21:00:00.000Z")
}

/// `groups/members/add`.
enum GroupMembersAdd: HostMethod {
    static let name = "groups/members/add"
    static let summary = "Adds a role to a group at ordinal (default: after the last member); a role already in the group is -32004."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var roleID: String
        var ordinal: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", roleID = "role_id", ordinal, scope }
    }

    typealias Result = MemberView

    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "role_id": TeamSchemas.id, "ordinal": Schema.integer(minimum: 0, maximum: 1_000_000), "scope": ScopeParams.schema,
    ], required: ["group_id", "role_id"])
    static let resultSchema = TeamSchemas.member
    static let example = MemberView.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        MemberView(try await context.runtime().teams.addMember(to: p.groupID, roleID: p.roleID, ordinal: p.ordinal, in: try await context.scope(of: p)))
    }
}

/// `groups/members/list`.
enum GroupMembersList: HostMethod {
    static let name = "groups/members/list"
    static let summary = "Lists a group's members by ordinal."
    typealias Params = GroupParams
    struct Result: Encodable, Sendable { var members: [MemberView] }
    static let paramsSchema = GroupParams.schema
    static let resultSchema = Schema.object(["members": Schema.array(TeamSchemas.member)], required: ["members"])
    static let example = Result(members: [MemberView.example])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(members: try await context.runtime().teams.members(of: p.groupID, in: try await context.scope(of: p)).map { MemberView($0) })
    }
}

/// `groups/members/update`.
enum GroupMembersUpdate: HostMethod {
    static let name = "groups/members/update"
    static let summary = "Moves a member to another ordinal."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var memberID: String
        var ordinal: Int
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", memberID = "member_id", ordinal, scope }
    }

    typealias Result = MemberView

    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "member_id": TeamSchemas.id, "ordinal": Schema.integer(minimum: 0, maximum: 1_000_000), "scope": ScopeParams.schema,
    ], required: ["group_id", "member_id", "ordinal"])
    static let resultSchema = TeamSchemas.member
    static let example = MemberView.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        MemberView(try await context.runtime().teams.moveMember(p.memberID, of: p.groupID, to: p.ordinal, in: try await context.scope(of: p)))
    }
}

/// `groups/members/remove`.
enum GroupMembersRemove: HostMethod {
    static let name = "groups/members/remove"
    static let summary = "Removes a member from a group (the role stays)."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var memberID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", memberID = "member_id", scope }
    }

    struct Result: Encodable, Sendable {
        var removed = true
        var memberID: String
        enum CodingKeys: String, CodingKey { case removed, memberID = "member_id" }
    }

    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "member_id": TeamSchemas.id, "scope": ScopeParams.schema],
                                            required: ["group_id", "member_id"])
    static let resultSchema = Schema.object(["removed": Schema.boolean, "member_id": Schema.string()], required: ["removed", "member_id"])
    static let example = Result(memberID: MemberView.example.id)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try await context.runtime().teams.removeMember(p.memberID, of: p.groupID, in: try await context.scope(of: p))
        return Result(memberID: p.memberID)
    }
}
