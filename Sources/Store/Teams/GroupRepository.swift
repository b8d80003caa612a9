import Foundation

/// Groups of an (org, project): every query filters on both, so a group of
/// another org or project reads as not found and is never changed. Names
/// are unique per (org, project). Members: `GroupRepository+Members`.
public struct GroupRepository: Sendable {
    let database: any SQLDatabase
    static let columns = "org_id, id, project_id, name, description, config, created_at, updated_at"
    /// `org_id = $1 AND project_id = $2`
    static let shared = "org_id = $1 AND project_id = $2"
    /// Run states that make a group run "active".
    static let activeStatuses = "('pending', 'running', 'waiting_approval')"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    static func parameters(_ scope: Scope) -> [SQLValue] { [.text(scope.orgID), .text(scope.projectKey)] }

    /// The `agent_id` of a group's runs.
    public static func agentID(of groupID: String) -> String { "group:" + groupID }

    public func create(_ new: NewGroup, in scope: Scope, now: Date = Date()) async throws -> Group {
        try Self.validate(GroupChange(name: new.name, description: new.description, config: new.config))
        let id = Identifier.make(prefix: "grp_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.requireFreeName(c, new.name, scope: scope, except: nil)
            guard let row = try c.queryFirst(
                """
                INSERT INTO groups (org_id, project_id, id, name, description, config, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING \(Self.columns)
                """,
                Self.parameters(scope) + [.text(id), .text(new.name), .text(new.description), .text(new.config), .date(now)])
            else { throw StoreError(.internal, "group insert returned no row") }
            return try Self.decode(row)
        }
    }

    /// By id (`grp_…`) or by name.
    public func get(_ idOrName: String, in scope: Scope) async throws -> Group? {
        try await database.transaction(.tenant(scope), .read) { c in try Self.fetch(c, idOrName, scope: scope) }
    }

    /// Newest first.
    public func list(in scope: Scope) async throws -> [Group] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(Self.columns) FROM groups WHERE \(Self.shared) ORDER BY created_at DESC, id DESC", Self.parameters(scope)).map(Self.decode)
        }
    }

    /// Applies the fields `change` sets; nil when the group is not in `scope`.
    public func update(_ id: String, in scope: Scope, _ change: GroupChange, now: Date = Date()) async throws -> Group? {
        try Self.validate(change)
        return try await database.transaction(.tenant(scope), .write) { c in
            guard try Self.fetch(c, id, scope: scope, byName: false) != nil else { return nil }
            if let name = change.name { try Self.requireFreeName(c, name, scope: scope, except: id) }
            var parameters = Self.parameters(scope) + [.text(id), .date(now)]
            func bind(_ value: SQLValue) -> String {
                parameters.append(value)
                return "$\(parameters.count)"
            }
            var sets = ["updated_at = $4"]
            if let v = change.name { sets.append("name = \(bind(.text(v)))") }
            if let v = change.description { sets.append("description = \(bind(.text(v)))") }
            if let v = change.config { sets.append("config = \(bind(.text(v)))") }
            return try c.queryFirst("UPDATE groups SET \(sets.joined(separator: ", ")) WHERE \(Self.shared) AND id = $3 RETURNING \(Self.columns)",
                                    parameters).map(Self.decode)
        }
    }

    /// Deletes a group with its members and its blackboard (its runs stay).
    /// Refused (`.invalidState`) while a run of the group is active, by any
    /// user of the (org, project), unless `force`. False when not in `scope`.
    public func delete(_ id: String, in scope: Scope, force: Bool = false) async throws -> Bool {
        switch try await batchDelete([id], in: scope, force: force) {
        case .deleted(let n): return n == 1
        case .missing: return false
        case .inUse(let runs):
            throw StoreError(.invalidState, "group \(id) has an active run (\(runs.joined(separator: ", "))); wait for it, cancel it, or delete with force", field: "group_id")
        }
    }

    /// All or nothing: if any id is not a group of `scope`, nothing is
    /// deleted and the missing ids are returned; if any has an active run
    /// and not `force`, nothing is deleted and those runs are returned.
    /// Active runs of every user of the (org, project) count, so this reads
    /// across users: it runs as a system transaction whose every statement
    /// filters by the caller's org and project.
    public func batchDelete(_ ids: [String], in scope: Scope, force: Bool = false) async throws -> BatchDeletion {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return .deleted(0) }
        for id in unique { try TextRules.key(id, field: "ids") }
        let list = (0..<unique.count).map { "$\($0 + 3)" }.joined(separator: ", ")
        let parameters = Self.parameters(scope) + unique.map(SQLValue.text)
        return try await database.transaction(.system, .write) { c in
            let found = Set(try c.query("SELECT id FROM groups WHERE \(Self.shared) AND id IN (\(list))", parameters).map { try $0.string("id") })
            let missing = unique.filter { !found.contains($0) }
            if !missing.isEmpty { return .missing(missing) }
            if !force {
                let active = try c.query(
                    """
                    SELECT id FROM runs WHERE org_id = $1 AND project_id = $2 AND group_id IN (\(list)) AND parent_run_id IS NULL
                      AND status IN \(Self.activeStatuses) ORDER BY id
                    """, parameters).map { try $0.string("id") }
                if !active.isEmpty { return .inUse(active) }
            }
            try c.execute("DELETE FROM memory_chunks WHERE org_id = $1 AND project_id = $2 AND group_id IN (\(list))", parameters)
            try c.execute("DELETE FROM memories WHERE org_id = $1 AND project_id = $2 AND group_id IN (\(list))", parameters)
            try c.execute("DELETE FROM group_members WHERE org_id = $1 AND project_id = $2 AND group_id IN (\(list))", parameters)
            return .deleted(try c.execute("DELETE FROM groups WHERE \(Self.shared) AND id IN (\(list))", parameters))
        }
    }

    static func fetch(_ c: any SQLConnection, _ idOrName: String, scope: Scope, byName: Bool = true) throws -> Group? {
        let match = byName ? "(id = $3 OR name = $3)" : "id = $3"
        return try c.queryFirst("SELECT \(columns) FROM groups WHERE \(shared) AND \(match) ORDER BY id LIMIT 1",
                                parameters(scope) + [.text(idOrName)]).map(decode)
    }

    static func requireFreeName(_ c: any SQLConnection, _ name: String, scope: Scope, except id: String?) throws {
        if let row = try c.queryFirst("SELECT id FROM groups WHERE \(shared) AND name = $3", parameters(scope) + [.text(name)]),
           try row.string("id") != id {
            throw StoreError(.conflict, "a group named \(name) already exists", field: "name")
        }
    }

    static func validate(_ change: GroupChange) throws {
        if let name = change.name { try TextRules.key(name, field: "name") }
        try TextRules.optionalText(change.description, field: "description")
        try TextRules.optionalJSON(change.config, field: "config")
    }

    static func decode(_ row: Row) throws -> Group {
        let project = try row.string("project_id")
        return Group(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            name: try row.string("name"), description: try row.string("description"), config: try row.string("config"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
