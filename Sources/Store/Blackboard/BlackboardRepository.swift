import Foundation

/// Group blackboards, shared within (org, project): entries are rows of
/// `memories` (episodic, with `group_id`) with their chunks in
/// `memory_chunks`, so memory search finds them. Every query filters by the
/// caller's org and project and the group; another tenant's group has no
/// entries. Writes go through memory (`BlackboardMemory` in `Memory`).
public struct BlackboardRepository: Sendable {
    let database: any SQLDatabase
    static let columns = "id, user_id, group_id, role_id, text, metadata, source_key, created_at, updated_at"
    /// The `source_type` of every entry; `source_key` is the group run.
    public static let sourceType = "blackboard"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    static func parameters(_ scope: Scope) -> [SQLValue] { [.text(scope.orgID), .text(scope.projectKey)] }

    /// The SQL for an entry's `type` (kept in its metadata).
    static func typeExpression(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "json_extract(metadata, '$.type')"
        case .postgres: "(metadata->>'type')"
        }
    }

    /// Checks an entry before it is written and returns its stored
    /// metadata (the writer's extras under the system keys). The write itself
    /// is memory's (`BlackboardMemory`): an entry is chunked and embedded like
    /// any memory, so every search mode finds it.
    public static func validate(_ new: NewBlackboardEntry) throws -> String {
        guard BlackboardEntry.types.contains(new.type) else {
            throw StoreError(.invalidInput, "type must be one of \(BlackboardEntry.types.joined(separator: ", "))", field: "type")
        }
        try TextRules.json(new.refs, field: "refs")
        try TextRules.json(new.metadata, field: "metadata")
        try TextRules.optionalKey(new.roleID, field: "role_id")
        try TextRules.optionalKey(new.runID, field: "run_id")
        try TextRules.optionalKey(new.id, field: "id")
        return try metadata(new)
    }

    /// Newest first, at most `limit` (1...500); optionally of one type and
    /// one group run. nil when the group is not in `scope`.
    public func list(_ groupID: String, in scope: Scope, type: String? = nil, runID: String? = nil, limit: Int = 50) async throws -> [BlackboardEntry]? {
        var parameters = Self.parameters(scope) + [.text(groupID)]
        var clauses = ["org_id = $1", "project_id = $2", "group_id = $3", "source_type = '\(Self.sourceType)'"]
        if let type {
            parameters.append(.text(type))
            clauses.append("\(Self.typeExpression(database.dialect)) = $\(parameters.count)")
        }
        if let runID {
            parameters.append(.text(runID))
            clauses.append("source_key = $\(parameters.count)")
        }
        parameters.append(.int(min(max(limit, 1), 500)))
        let sql = "SELECT \(Self.columns) FROM memories WHERE \(clauses.joined(separator: " AND ")) ORDER BY created_at DESC, id DESC LIMIT $\(parameters.count)"
        let final = parameters
        return try await database.transaction(.tenant(scope), .read) { c in
            guard try GroupRepository.fetch(c, groupID, scope: scope, byName: false) != nil else { return nil }
            return try c.query(sql, final).map(Self.decode)
        }
    }

    /// One entry of the group; nil when it (or the group) is not in `scope`.
    public func get(_ id: String, groupID: String, in scope: Scope) async throws -> BlackboardEntry? {
        try await database.transaction(.tenant(scope), .read) { c in try Self.fetch(c, id, groupID: groupID, scope: scope) }
    }

    /// One entry of the group, inside a transaction of `scope`.
    public static func fetch(_ c: any SQLConnection, _ id: String, groupID: String, scope: Scope) throws -> BlackboardEntry? {
        try c.queryFirst(
            """
            SELECT \(columns) FROM memories
            WHERE org_id = $1 AND project_id = $2 AND group_id = $3 AND id = $4 AND source_type = '\(sourceType)'
              AND EXISTS (SELECT 1 FROM groups g WHERE g.org_id = $1 AND g.project_id = $2 AND g.id = $3)
            """, parameters(scope) + [.text(groupID), .text(id)]).map(decode)
    }

    /// The stored metadata: the writer's extras under the system keys.
    static func metadata(_ new: NewBlackboardEntry) throws -> String {
        var object = (try JSONSerialization.jsonObject(with: Data(new.metadata.utf8)) as? [String: Any]) ?? [:]
        object["blackboard"] = true
        object["type"] = new.type
        object["refs"] = try JSONSerialization.jsonObject(with: Data(new.refs.utf8))
        if let run = new.runID { object["run_id"] = run }
        if let role = new.roleID { object["role_id"] = role }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ row: Row) throws -> BlackboardEntry {
        let metadata = try row.string("metadata")
        let object = (try? JSONSerialization.jsonObject(with: Data(metadata.utf8))) as? [String: Any] ?? [:]
        let refs = object["refs"].flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
        return BlackboardEntry(
            id: try row.string("id"), groupID: try row.string("group_id"), type: object["type"] as? String ?? "note",
            content: try row.string("text"), refs: refs.map { String(decoding: $0, as: UTF8.self) } ?? "[]",
            roleID: row.optionalString("role_id"), runID: row.optionalString("source_key"), metadata: metadata,
            userID: try row.string("user_id"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
