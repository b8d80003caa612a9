import Foundation

/// Roles of an (org, project): every query filters on both, so a role of
/// another org or project reads as not found and is never changed. Names
/// are unique per (org, project).
public struct RoleRepository: Sendable {
    let database: any SQLDatabase
    static let columns = "org_id, id, project_id, name, description, system_prompt, is_lead, allowed_tools, denied_tools, style_constraints, model, created_at, updated_at"
    /// `org_id = $1 AND project_id = $2`
    static let shared = "org_id = $1 AND project_id = $2"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    static func parameters(_ scope: Scope) -> [SQLValue] { [.text(scope.orgID), .text(scope.projectKey)] }

    public func create(_ new: NewRole, in scope: Scope, now: Date = Date()) async throws -> Role {
        try Self.validate(RoleChange(name: new.name, description: new.description, systemPrompt: new.systemPrompt, allowedTools: new.allowedTools,
                                     deniedTools: new.deniedTools, styleConstraints: new.styleConstraints, model: .some(new.model)))
        let id = Identifier.make(prefix: "role_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.requireFreeName(c, new.name, scope: scope, except: nil)
            guard let row = try c.queryFirst(
                """
                INSERT INTO roles (org_id, project_id, id, name, description, system_prompt, is_lead, allowed_tools, denied_tools,
                    style_constraints, model, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
                RETURNING \(Self.columns)
                """,
                Self.parameters(scope) + [.text(id), .text(new.name), .text(new.description), .text(new.systemPrompt), .bool(new.isLead),
                                          .text(new.allowedTools), .text(new.deniedTools), .text(new.styleConstraints), .optional(new.model), .date(now)])
            else { throw StoreError(.internal, "role insert returned no row") }
            return try Self.decode(row)
        }
    }

    /// By id (`role_…`) or by name.
    public func get(_ idOrName: String, in scope: Scope) async throws -> Role? {
        try await database.transaction(.tenant(scope), .read) { c in try Self.fetch(c, idOrName, scope: scope) }
    }

    /// By name.
    public func list(in scope: Scope) async throws -> [Role] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(Self.columns) FROM roles WHERE \(Self.shared) ORDER BY name, id", Self.parameters(scope)).map(Self.decode)
        }
    }

    /// Applies the fields `change` sets; nil when the role is not in `scope`.
    public func update(_ id: String, in scope: Scope, _ change: RoleChange, now: Date = Date()) async throws -> Role? {
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
            if let v = change.systemPrompt { sets.append("system_prompt = \(bind(.text(v)))") }
            if let v = change.isLead { sets.append("is_lead = \(bind(.bool(v)))") }
            if let v = change.allowedTools { sets.append("allowed_tools = \(bind(.text(v)))") }
            if let v = change.deniedTools { sets.append("denied_tools = \(bind(.text(v)))") }
            if let v = change.styleConstraints { sets.append("style_constraints = \(bind(.text(v)))") }
            if let v = change.model { sets.append("model = \(bind(.optional(v)))") }
            return try c.queryFirst("UPDATE roles SET \(sets.joined(separator: ", ")) WHERE \(Self.shared) AND id = $3 RETURNING \(Self.columns)",
                                    parameters).map(Self.decode)
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
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return .deleted(0) }
        for id in unique { try TextRules.key(id, field: "ids") }
        let list = (0..<unique.count).map { "$\($0 + 3)" }.joined(separator: ", ")
        let parameters = Self.parameters(scope) + unique.map(SQLValue.text)
        return try await database.transaction(.tenant(scope), .write) { c in
            let found = Set(try c.query("SELECT id FROM roles WHERE \(Self.shared) AND id IN (\(list))", parameters).map { try $0.string("id") })
            let missing = unique.filter { !found.contains($0) }
            if !missing.isEmpty { return .missing(missing) }
            if !force {
                let groups = try c.query(
                    """
                    SELECT DISTINCT g.id AS id FROM group_members m JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
                    WHERE m.org_id = $1 AND m.project_id = $2 AND m.role_id IN (\(list)) ORDER BY g.id
                    """, parameters).map { try $0.string("id") }
                if !groups.isEmpty { return .inUse(groups) }
            }
            try c.execute("DELETE FROM group_members WHERE org_id = $1 AND project_id = $2 AND role_id IN (\(list))", parameters)
            return .deleted(try c.execute("DELETE FROM roles WHERE \(Self.shared) AND id IN (\(list))", parameters))
        }
    }

    static func fetch(_ c: any SQLConnection, _ idOrName: String, scope: Scope, byName: Bool = true) throws -> Role? {
        let match = byName ? "(id = $3 OR name = $3)" : "id = $3"
        return try c.queryFirst("SELECT \(columns) FROM roles WHERE \(shared) AND \(match) ORDER BY id LIMIT 1",
                                parameters(scope) + [.text(idOrName)]).map(decode)
    }

    static func requireFreeName(_ c: any SQLConnection, _ name: String, scope: Scope, except id: String?) throws {
        if let row = try c.queryFirst("SELECT id FROM roles WHERE \(shared) AND name = $3", parameters(scope) + [.text(name)]),
           try row.string("id") != id {
            throw StoreError(.conflict, "a role named \(name) already exists", field: "name")
        }
    }

    static func validate(_ change: RoleChange) throws {
        if let name = change.name { try TextRules.key(name, field: "name") }
        try TextRules.optionalText(change.description, field: "description")
        try TextRules.optionalText(change.systemPrompt, field: "system_prompt")
        try TextRules.optionalJSON(change.allowedTools, field: "allowed_tools")
        try TextRules.optionalJSON(change.deniedTools, field: "denied_tools")
        try TextRules.optionalJSON(change.styleConstraints, field: "style_constraints")
        if let model = change.model { try TextRules.optionalJSON(model, field: "model") }
    }

    static func decode(_ row: Row) throws -> Role {
        let project = try row.string("project_id")
        return Role(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            name: try row.string("name"), description: try row.string("description"), systemPrompt: try row.string("system_prompt"),
            isLead: try row.bool("is_lead"), allowedTools: try row.string("allowed_tools"), deniedTools: try row.string("denied_tools"),
            styleConstraints: try row.string("style_constraints"), model: row.optionalString("model"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
