import Foundation

/// Roles of an (org, project): every query filters on both, so a role of
/// another org or project reads as not found and is never changed. Names
/// are unique per (org, project).
public struct RoleRepository: Sendable {
    let database: any SQLDatabase
    static let rows = NamedRows<Role>(table: "roles", noun: "role", columns: Role.columns)

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ new: NewRole, in scope: Scope, now: Date = Date()) async throws -> Role {
        try Self.validate(RoleChange(name: new.name, description: new.description, systemPrompt: new.systemPrompt, allowedTools: new.allowedTools,
                                     deniedTools: new.deniedTools, styleConstraints: new.styleConstraints, model: .some(new.model)))
        let id = Identifier.make(prefix: "role_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.rows.requireFreeName(c, new.name, scope: scope, except: nil)
            guard let role = try c.queryFirst(
                """
                INSERT INTO roles (org_id, project_id, id, name, description, system_prompt, is_lead, allowed_tools, denied_tools,
                    style_constraints, model, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(new.name)), \(.text(new.description)),
                    \(.text(new.systemPrompt)), \(.bool(new.isLead)), \(.text(new.allowedTools)), \(.text(new.deniedTools)),
                    \(.text(new.styleConstraints)), \(.optional(new.model)), \(.date(now)), \(.date(now)))
                RETURNING \(raw: Role.columns)
                """, as: Role.self)
            else { throw StoreError(.internal, "role insert returned no row") }
            return role
        }
    }

    /// By id (`role_…`) or by name.
    public func get(_ idOrName: String, in scope: Scope) async throws -> Role? {
        try await database.transaction(.tenant(scope), .read) { c in try Self.fetch(c, idOrName, scope: scope) }
    }

    /// By name.
    public func list(in scope: Scope) async throws -> [Role] {
        try await database.transaction(.tenant(scope), .read) { c in try Self.rows.list(c, scope: scope, orderBy: "name, id") }
    }

    /// Applies the fields `change` sets; nil when the role is not in `scope`.
    public func update(_ id: String, in scope: Scope, _ change: RoleChange, now: Date = Date()) async throws -> Role? {
        try Self.validate(change)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.rows.update(c, id, scope: scope, now: now, name: change.name, [
                ("name", change.name.map(SQLValue.text)), ("description", change.description.map(SQLValue.text)),
                ("system_prompt", change.systemPrompt.map(SQLValue.text)), ("is_lead", change.isLead.map(SQLValue.bool)),
                ("allowed_tools", change.allowedTools.map(SQLValue.text)), ("denied_tools", change.deniedTools.map(SQLValue.text)),
                ("style_constraints", change.styleConstraints.map(SQLValue.text)), ("model", change.model.map(SQLValue.optional)),
            ])
        }
    }

    /// Deletes a role. A role that is a group member is refused (`.conflict`
    /// naming the groups) unless `force`, which removes its memberships with
    /// it. False when the role is not in `scope`.
    public func delete(_ id: String, in scope: Scope, force: Bool = false) async throws -> Bool {
        switch try await batchDelete([id], in: scope, force: force) {
        case .deleted(let n): return n == 1
        case .missing: return false
        case .inUse(let groups):
            throw StoreError(.conflict, "role \(id) is a member of \(groups.joined(separator: ", ")); remove it from those groups or delete with force", field: "role_id")
        }
    }

    /// All or nothing: if any id is not a role of `scope`, nothing is deleted
    /// and the missing ids are returned; if any is a group member and not
    /// `force`, nothing is deleted and the groups are returned.
    public func batchDelete(_ ids: [String], in scope: Scope, force: Bool = false) async throws -> BatchDeletion {
        guard let batch = try NamedRows<Role>.batch(ids) else { return .deleted(0) }
        return try await database.transaction(.tenant(scope), .write) { c in
            let missing = try Self.rows.missing(c, batch, scope: scope)
            if !missing.isEmpty { return .missing(missing) }
            if !force {
                let groups = try c.query(
                    """
                    SELECT DISTINCT g.id AS id FROM group_members m JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
                    WHERE \(.inProject(scope, alias: "m")) AND m.role_id IN (\(batch.list)) ORDER BY g.id
                    """).map { try $0.string("id") }
                if !groups.isEmpty { return .inUse(groups) }
            }
            try c.execute("DELETE FROM group_members WHERE \(.inProject(scope)) AND role_id IN (\(batch.list))")
            return .deleted(try c.execute("DELETE FROM roles WHERE \(.inProject(scope)) AND id IN (\(batch.list))"))
        }
    }

    static func fetch(_ c: any SQLConnection, _ idOrName: String, scope: Scope, byName: Bool = true) throws -> Role? {
        try rows.fetch(c, idOrName, scope: scope, byName: byName)
    }

    static func validate(_ change: RoleChange) throws {
        if let name = change.name { try TextRules.key(name, field: "name") }
        try TextRules.optionalJSON(change.allowedTools, field: "allowed_tools")
        try TextRules.optionalJSON(change.deniedTools, field: "denied_tools")
        try TextRules.optionalJSON(change.styleConstraints, field: "style_constraints")
        if let model = change.model { try TextRules.optionalJSON(model, field: "model") }
    }
}
