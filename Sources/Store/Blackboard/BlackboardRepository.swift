import Foundation

/// Group blackboards, shared within (org, project): entries are rows of
/// `memories` (episodic, with `group_id`) with their chunks in
/// `memory_chunks`, so memory search finds them. Every query filters by the
/// caller's org and project and the group; another tenant's group has no
/// entries. Writes go through memory (`BlackboardMemory` in `Memory`).
public struct BlackboardRepository: Sendable {
    let database: any SQLDatabase
    /// The `source_type` of every entry; `source_key` is the group run.
    public static let sourceType = "blackboard"

    public init(database: any SQLDatabase) {
        self.database = database
    }

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
        var clauses: [SQL] = [.inProject(scope), "group_id = \(.text(groupID))", "source_type = '\(raw: Self.sourceType)'"]
        if let type { clauses.append("\(raw: Self.typeExpression(database.dialect)) = \(.text(type))") }
        if let runID { clauses.append("source_key = \(.text(runID))") }
        let sql: SQL = """
            SELECT \(raw: BlackboardEntry.columns) FROM memories WHERE \(clauses.joined(separator: " AND "))
            ORDER BY created_at DESC, id DESC LIMIT \(.int(min(max(limit, 1), 500)))
            """
        return try await database.transaction(.tenant(scope), .read) { c in
            guard try GroupRepository.fetch(c, groupID, scope: scope, byName: false) != nil else { return nil }
            return try c.query(sql, as: BlackboardEntry.self)
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
            SELECT \(raw: BlackboardEntry.columns) FROM memories
            WHERE \(.inProject(scope)) AND group_id = \(.text(groupID)) AND id = \(.text(id)) AND source_type = '\(raw: sourceType)'
              AND EXISTS (SELECT 1 FROM groups g WHERE \(.inProject(scope, alias: "g")) AND g.id = \(.text(groupID)))
            """, as: BlackboardEntry.self)
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
}
