import Foundation

/// Groups of an (org, project): every query filters on both, so a group of
/// another org or project reads as not found and is never changed. Names
/// are unique per (org, project). Members: `GroupRepository+Members`.
public struct GroupRepository: Sendable {
    let database: any SQLDatabase
    static let rows = NamedRows<Group>(table: "groups", noun: "group", columns: Group.columns)
    /// Run states that make a group run "active".
    static let activeStatuses = "('pending', 'running', 'waiting_approval', 'waiting_children')"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// The `agent_id` of a group's runs.
    public static func agentID(of groupID: String) -> String { "group:" + groupID }

    public func create(_ new: NewGroup, in scope: Scope, now: Date = Date()) async throws -> Group {
        try Self.validate(GroupChange(name: new.name, description: new.description, config: new.config))
        let id = Identifier.make(prefix: "grp_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.rows.requireFreeName(c, new.name, scope: scope, except: nil)
            guard let group = try c.queryFirst(
                """
                INSERT INTO groups (org_id, project_id, id, name, description, config, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(new.name)), \(.text(new.description)),
                    \(.text(new.config)), \(.date(now)), \(.date(now)))
                RETURNING \(raw: Group.columns)
                """, as: Group.self)
            else { throw StoreError(.internal, "group insert returned no row") }
            return group
        }
    }

    /// By id (`grp_…`) or by name.
    public func get(_ idOrName: String, in scope: Scope) async throws -> Group? {
        try await database.transaction(.tenant(scope), .read) { c in try Self.fetch(c, idOrName, scope: scope) }
    }

    /// Newest first.
    public func list(in scope: Scope) async throws -> [Group] {
        try await database.transaction(.tenant(scope), .read) { c in try Self.rows.list(c, scope: scope, orderBy: "created_at DESC, id DESC") }
    }

    /// Applies the fields `change` sets; nil when the group is not in `scope`.
    public func update(_ id: String, in scope: Scope, _ change: GroupChange, now: Date = Date()) async throws -> Group? {
        try Self.validate(change)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.rows.update(c, id, scope: scope, now: now, name: change.name, [
                ("name", change.name.map(SQLValue.text)), ("description", change.description.map(SQLValue.text)),
                ("config", change.config.map(SQLValue.text)),
            ])
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
        guard let batch = try NamedRows<Group>.batch(ids) else { return .deleted(0) }
        return try await database.transaction(.system, .write) { c in
            let missing = try Self.rows.missing(c, batch, scope: scope)
            if !missing.isEmpty { return .missing(missing) }
            if !force {
                let active = try c.query(
                    """
                    SELECT id FROM runs WHERE \(.inProject(scope)) AND group_id IN (\(batch.list)) AND parent_run_id IS NULL
                      AND status IN \(raw: Self.activeStatuses) ORDER BY id
                    """).map { try $0.string("id") }
                if !active.isEmpty { return .inUse(active) }
            }
            for table in ["memory_chunks", "memories", "group_members"] {
                try c.execute("DELETE FROM \(raw: table) WHERE \(.inProject(scope)) AND group_id IN (\(batch.list))")
            }
            return .deleted(try c.execute("DELETE FROM groups WHERE \(.inProject(scope)) AND id IN (\(batch.list))"))
        }
    }

    static func fetch(_ c: any SQLConnection, _ idOrName: String, scope: Scope, byName: Bool = true) throws -> Group? {
        try rows.fetch(c, idOrName, scope: scope, byName: byName)
    }

    static func validate(_ change: GroupChange) throws {
        if let name = change.name { try TextRules.key(name, field: "name") }
        try TextRules.optionalJSON(change.config, field: "config")
    }
}
