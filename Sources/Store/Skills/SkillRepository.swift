import Foundation

/// A skill: named instructions and the tools they may use, shared within
/// (org, project). `tools` is JSON text (a list of tool names).
public struct Skill: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var projectID: String?
    public var name: String
    public var description: String
    public var instructions: String
    public var tools: String
    public var riskLevel: String
    public var provider: String
    public var source: String?
    public var createdAt: Date
    public var updatedAt: Date
}

extension Skill: RowDecodable {
    static let columns = "org_id, id, project_id, name, description, instructions, tools, risk_level, provider, source, created_at, updated_at"

    public init(row: Row) throws {
        let project = try row.string("project_id")
        self.init(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            name: try row.string("name"), description: try row.string("description"), instructions: try row.string("instructions"),
            tools: try row.string("tools"), riskLevel: try row.string("risk_level"), provider: try row.string("provider"),
            source: row.optionalString("source"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

/// What `SkillRepository.create` needs.
public struct NewSkill: Sendable, Hashable {
    public var name: String
    public var description: String
    public var instructions: String
    public var tools: String
    public var riskLevel: String
    public var provider: String
    public var source: String?

    public init(name: String, description: String = "", instructions: String = "", tools: String = "[]",
                riskLevel: String = "low", provider: String = "builtin", source: String? = nil) {
        self.name = name
        self.description = description
        self.instructions = instructions
        self.tools = tools
        self.riskLevel = riskLevel
        self.provider = provider
        self.source = source
    }
}

/// The fields `SkillRepository.update` changes; nil leaves a field as it is.
public struct SkillChange: Sendable, Hashable {
    public var name: String?
    public var description: String?
    public var instructions: String?
    /// JSON text, as `NewSkill.tools`.
    public var tools: String?
    public var riskLevel: String?
    public var provider: String?

    public init(name: String? = nil, description: String? = nil, instructions: String? = nil, tools: String? = nil,
                riskLevel: String? = nil, provider: String? = nil) {
        self.name = name
        self.description = description
        self.instructions = instructions
        self.tools = tools
        self.riskLevel = riskLevel
        self.provider = provider
    }
}

/// Skills of an (org, project): every query filters on both; a skill of
/// another org or project reads as not found. Names are unique per (org, project).
public struct SkillRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ new: NewSkill, in scope: Scope, now: Date = Date()) async throws -> Skill {
        try TextRules.key(new.name, field: "name")
        try TextRules.json(new.tools, field: "tools")
        let id = Identifier.make(prefix: "skill_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            if try c.queryFirst("SELECT id FROM skills WHERE \(.inProject(scope)) AND name = \(.text(new.name))") != nil {
                throw StoreError(.conflict, "a skill named \(new.name) already exists", field: "name")
            }
            guard let skill = try c.queryFirst(
                """
                INSERT INTO skills (org_id, project_id, id, name, description, instructions, tools, risk_level, provider, source, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(new.name)), \(.text(new.description)),
                    \(.text(new.instructions)), \(.text(new.tools)), \(.text(new.riskLevel)), \(.text(new.provider)), \(.optional(new.source)),
                    \(.date(now)), \(.date(now)))
                RETURNING \(raw: Skill.columns)
                """, as: Skill.self)
            else { throw StoreError(.internal, "skill insert returned no row") }
            return skill
        }
    }

    /// By id (`skill_…`) or by name.
    public func get(_ idOrName: String, in scope: Scope) async throws -> Skill? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst(
                "SELECT \(raw: Skill.columns) FROM skills WHERE \(.inProject(scope)) AND (id = \(.text(idOrName)) OR name = \(.text(idOrName)))",
                as: Skill.self)
        }
    }

    public func list(in scope: Scope) async throws -> [Skill] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(raw: Skill.columns) FROM skills WHERE \(.inProject(scope)) ORDER BY name", as: Skill.self)
        }
    }

    /// Sets the fields `change` gives (and `updated_at`) of the skill `id`;
    /// a new name must be free in the scope. nil when the skill is not in `scope`.
    public func update(_ id: String, in scope: Scope, _ change: SkillChange, now: Date = Date()) async throws -> Skill? {
        if let name = change.name { try TextRules.key(name, field: "name") }
        if let tools = change.tools { try TextRules.json(tools, field: "tools") }
        return try await database.transaction(.tenant(scope), .write) { c in
            guard try c.queryFirst("SELECT id FROM skills WHERE \(.inProject(scope)) AND id = \(.text(id))") != nil else { return nil }
            if let name = change.name,
               let row = try c.queryFirst("SELECT id FROM skills WHERE \(.inProject(scope)) AND name = \(.text(name))"), try row.string("id") != id {
                throw StoreError(.conflict, "a skill named \(name) already exists", field: "name")
            }
            var sets: [SQL] = ["updated_at = \(.date(now))"]
            let columns: [(String, String?)] = [("name", change.name), ("description", change.description), ("instructions", change.instructions),
                                                ("tools", change.tools), ("risk_level", change.riskLevel), ("provider", change.provider)]
            for case let (column, value?) in columns { sets.append("\(raw: column) = \(.text(value))") }
            return try c.queryFirst(
                "UPDATE skills SET \(sets.joined(separator: ", ")) WHERE \(.inProject(scope)) AND id = \(.text(id)) RETURNING \(raw: Skill.columns)",
                as: Skill.self)
        }
    }

    /// True when it existed in `scope`.
    public func delete(_ id: String, in scope: Scope) async throws -> Bool {
        try await database.transaction(.tenant(scope), .write) { c in
            try c.execute("DELETE FROM skills WHERE \(.inProject(scope)) AND id = \(.text(id))") == 1
        }
    }
}
