import JSON
import RPC
import Runtime
import Store

/// A blackboard entry as the blackboard methods show it: the seed's fields,
/// plus the user who wrote it and its memory tier. Every field is always
/// present (`role_id`, `run_id` null when unset).
struct EntryView: Encodable, Sendable {
    var id: String
    var groupID: String
    var type: String
    var content: String
    var refs: JSONValue
    var roleID: String?
    var runID: String?
    var metadata: JSONValue
    var userID: String
    var createdAt: String
    var updatedAt: String

    init(id: String, groupID: String, type: String, content: String, refs: JSONValue = [], roleID: String? = nil, runID: String? = nil,
         metadata: JSONValue = [:], userID: String, createdAt: String, updatedAt: String) {
        self.id = id
        self.groupID = groupID
        self.type = type
        self.content = content
        self.refs = refs
        self.roleID = roleID
        self.runID = runID
        self.metadata = metadata
        self.userID = userID
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    init(_ e: BlackboardEntry) {
        self.init(id: e.id, groupID: e.groupID, type: e.type, content: e.content, refs: (try? JSONParser.parse(e.refs)) ?? [], roleID: e.roleID,
                  runID: e.runID, metadata: (try? JSONParser.parse(e.metadata)) ?? [:], userID: e.userID,
                  createdAt: ISO8601.format(e.createdAt), updatedAt: ISO8601.format(e.updatedAt))
    }

    enum CodingKeys: String, CodingKey {
        case id, type, content, refs, metadata, tier
        case groupID = "group_id", roleID = "role_id", runID = "run_id", userID = "user_id", createdAt = "created_at", updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(groupID, forKey: .groupID)
        try c.encode(type, forKey: .type)
        try c.encode(content, forKey: .content)
        try c.encode(refs, forKey: .refs)
        try c.encode(roleID, forKey: .roleID)
        try c.encode(runID, forKey: .runID)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(userID, forKey: .userID)
        // Entries are stored as episodic memory of the group.
        try c.encode("episodic", forKey: .tier)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }

    static let example = EntryView(
        id: "mem_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", groupID: TeamSchemas.exampleGroup.id, type: "evidence",
        content: "SQLite handles one writer; the queue has one worker.", refs: ["docs/decisions.md"], roleID: TeamSchemas.exampleRole.id,
        runID: "run_01MB4ZC8J6WQ2N3P5R7T9V1X41", metadata: ["confidence": 0.8], userID: "ann",
        createdAt: "2026-12-06T21:00:00.500Z", updatedAt: "2026-12-06T21:00:00.500Z")
}

/// `blackboard/list`.
enum BlackboardList: HostMethod {
    static let name = "blackboard/list"
    static let summary = "Lists a group's blackboard entries, newest first (limit 50 by default, at most 500), optionally of one type."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var type: String?
        var runID: String?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", type, runID = "run_id", limit, scope }
    }

    struct Result: Encodable, Sendable { var entries: [EntryView] }

    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "type": Schema.oneOf(strings: TeamSchemas.entryTypes), "run_id": RunSchemas.runID,
        "limit": Schema.integer(minimum: 1, maximum: 500), "scope": ScopeParams.schema,
    ], required: ["group_id"])
    static let resultSchema = Schema.object(["entries": Schema.array(TeamSchemas.entry)], required: ["entries"])
    static let example = Result(entries: [EntryView.example])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let entries = try await context.runtime().teams.entries(of: p.groupID, type: p.type, runID: p.runID, limit: p.limit ?? 50,
                                                                in: try await context.scope(of: p))
        return Result(entries: entries.map { EntryView($0) })
    }
}

/// `blackboard/get`.
enum BlackboardGet: HostMethod {
    static let name = "blackboard/get"
    static let summary = "Returns one entry of a group's blackboard (an entry of another group reads as not found)."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var entryID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", entryID = "entry_id", scope }
    }

    typealias Result = EntryView

    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "entry_id": TeamSchemas.id, "scope": ScopeParams.schema],
                                            required: ["group_id", "entry_id"])
    static let resultSchema = TeamSchemas.entry
    static let example = EntryView.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        EntryView(try await context.runtime().teams.entry(p.entryID, of: p.groupID, in: try await context.scope(of: p)))
    }
}

/// `blackboard/write`.
enum BlackboardWrite: HostMethod {
    static let name = "blackboard/write"
    static let summary = "Writes an entry to a group's blackboard, stored as episodic memory of the group; with role_id, the role must be a member, and only the lead may write a decision (-32007)."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var type: String
        var content: String
        var refs: JSONValue?
        var roleID: String?
        var metadata: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", type, content, refs, roleID = "role_id", metadata, scope }
    }

    typealias Result = EntryView

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
    static let example = EntryView.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try PayloadLimits.check(p.content, limit: context.host.limits.blackboardEntryBytes, path: "params.content")
        try PayloadLimits.check(p.metadata, limit: context.host.limits.metadataBytes, path: "params.metadata")
        let entry = try await context.runtime().teams.write(to: p.groupID, type: p.type, content: p.content, refs: p.refs ?? [], roleID: p.roleID,
                                                            metadata: p.metadata ?? [:], in: try await context.scope(of: p))
        return EntryView(entry)
    }
}
