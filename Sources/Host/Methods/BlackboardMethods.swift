import RPC
import Runtime

/// `blackboard/list`.
enum BlackboardList: RPCMethod {
    static let name = "blackboard/list"
    static let summary = "Lists a group's blackboard entries, newest first (limit 50 by default, at most 500), optionally of one type."
    struct Params: Codable, Sendable {
        var groupID: String
        var type: String?
        var runID: String?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", type, runID = "run_id", limit, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "type": Schema.oneOf(strings: TeamSchemas.entryTypes), "run_id": RunSchemas.runID,
        "limit": Schema.integer(minimum: 1, maximum: 500), "scope": ScopeParams.schema,
    ], required: ["group_id"])
    static let resultSchema = Schema.object(["entries": Schema.array(TeamSchemas.entry)], required: ["entries"])
}

/// `blackboard/get`.
enum BlackboardGet: RPCMethod {
    static let name = "blackboard/get"
    static let summary = "Returns one entry of a group's blackboard (an entry of another group reads as not found)."
    struct Params: Codable, Sendable {
        var groupID: String
        var entryID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", entryID = "entry_id", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "entry_id": TeamSchemas.id, "scope": ScopeParams.schema],
                                            required: ["group_id", "entry_id"])
    static let resultSchema = TeamSchemas.entry
}

/// `blackboard/write`.
enum BlackboardWrite: RPCMethod {
    static let name = "blackboard/write"
    static let summary = "Writes an entry to a group's blackboard, stored as episodic memory of the group; with role_id, the role must be a member, and only the lead may write a decision (-32007)."
    struct Params: Codable, Sendable {
        var groupID: String
        var type: String
        var content: String
        var refs: JSONValue?
        var roleID: String?
        var metadata: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", type, content, refs, roleID = "role_id", metadata, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id,
        "type": Schema.oneOf(strings: ["decision", "evidence", "todo", "note"]),
        "content": Schema.string(minLength: 1, description: "At most limits.blackboardEntryBytes (200,000) bytes of UTF-8; more is -32011."),
        "refs": Schema.array(Schema.anyOf([Schema.string(minLength: 1, maxLength: 512), Schema.map(Schema.any)]), maxItems: 256),
        "role_id": TeamSchemas.id,
        "metadata": Schema.map(Schema.any, description: "At most limits.metadataBytes (65,536) bytes serialised; more is -32011."),
        "scope": ScopeParams.schema,
    ], required: ["group_id", "type", "content"])
    static let resultSchema = TeamSchemas.entry
}
