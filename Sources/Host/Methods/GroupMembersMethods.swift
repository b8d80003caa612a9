import RPC
import Runtime

/// `groups/members/add`.
enum GroupMembersAdd: RPCMethod {
    static let name = "groups/members/add"
    static let summary = "Adds a role to a group at ordinal (default: after the last member); a role already in the group is -32004."
    struct Params: Codable, Sendable {
        var groupID: String
        var roleID: String
        var ordinal: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", roleID = "role_id", ordinal, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "role_id": TeamSchemas.id, "ordinal": Schema.integer(minimum: 0, maximum: 1_000_000), "scope": ScopeParams.schema,
    ], required: ["group_id", "role_id"])
    static let resultSchema = TeamSchemas.member
}

/// `groups/members/list`.
enum GroupMembersList: RPCMethod {
    static let name = "groups/members/list"
    static let summary = "Lists a group's members by ordinal."
    typealias Params = GroupsGet.Params
    typealias Result = JSONValue
    static let paramsSchema = GroupsGet.paramsSchema
    static let resultSchema = Schema.object(["members": Schema.array(TeamSchemas.member)], required: ["members"])
}

/// `groups/members/update`.
enum GroupMembersUpdate: RPCMethod {
    static let name = "groups/members/update"
    static let summary = "Moves a member to another ordinal."
    struct Params: Codable, Sendable {
        var groupID: String
        var memberID: String
        var ordinal: Int
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", memberID = "member_id", ordinal, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "member_id": TeamSchemas.id, "ordinal": Schema.integer(minimum: 0, maximum: 1_000_000), "scope": ScopeParams.schema,
    ], required: ["group_id", "member_id", "ordinal"])
    static let resultSchema = TeamSchemas.member
}

/// `groups/members/remove`.
enum GroupMembersRemove: RPCMethod {
    static let name = "groups/members/remove"
    static let summary = "Removes a member from a group (the role stays)."
    struct Params: Codable, Sendable {
        var groupID: String
        var memberID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", memberID = "member_id", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "member_id": TeamSchemas.id, "scope": ScopeParams.schema],
                                            required: ["group_id", "member_id"])
    static let resultSchema = Schema.object(["removed": Schema.boolean, "member_id": Schema.string()], required: ["removed", "member_id"])
}

/// `groups/runs/create`: a group run.
enum GroupRunsCreate: RPCMethod {
    static let name = "groups/runs/create"
    static let summary = "Queues a group run: a parent run (agent group:<id>) and one member run per role; the lead's decision is the parent's output. Needs exactly one lead and at least one other member (-32005)."
    struct Params: Codable, Sendable {
        var groupID: String
        var input: String
        var sessionKey: String?
        var llmConfig: RunsCreate.LLMConfig?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", input, sessionKey = "session_key", llmConfig = "llm_config", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id,
        "input": Schema.string(minLength: 1, description: "At most limits.inputBytes (1,000,000) bytes of UTF-8; more is -32011."),
        "session_key": RunSchemas.sessionKey,
        "llm_config": RunsCreate.paramsSchema["properties"]?["llm_config"] ?? Schema.map(Schema.any),
        "scope": ScopeParams.schema,
    ], required: ["group_id", "input"])
    static let resultSchema: JSONValue = {
        guard case .object(var schema) = RunSchemas.run, case .object(var properties) = schema["properties"] else { return RunSchemas.run }
        properties["children"] = Schema.array(Schema.object([
            "run_id": Schema.string(), "role_id": Schema.string(), "session_key": Schema.string(),
        ], required: ["run_id", "role_id", "session_key"]))
        schema["properties"] = .object(properties)
        return .object(schema)
    }()
}
