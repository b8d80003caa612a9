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

/// Skills of an (org, project): every query filters on both; a skill of
/// another org or project reads as not found. Names are unique per (org, project).
public struct SkillRepository: Sendable {
    let database: any SQLDatabase
    static let columns = "org_id, id, project_id, name, description, instructions, tools, risk_level, provider, source, created_at, updated_at"
    static let shared = "org_id = $1 AND project_id = $2"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    static func parameters(_ scope: Scope) -> [SQLValue] { [.text(scope.orgID), .text(scope.projectKey)] }

    public func create(_ new: NewSkill, in scope: Scope, now: Date = Date()) async throws -> Skill {
        try TextRules.key(new.name, field: "name")
        try TextRules.json(new.tools, field: "tools")
        let id = Identifier.make(prefix: "skill_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            if try c.queryFirst("SELECT id FROM skills WHERE \(Self.shared) AND name = $3", Self.parameters(scope) + [.text(new.name)]) != nil {
                throw StoreError(.conflict, "a skill named \(new.name) already exists", field: "name")
            }
            guard let row = try c.queryFirst(
                """
                INSERT INTO skills (org_id, project_id, id, name, description, instructions, tools, risk_level, provider, source, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
                RETURNING \(Self.columns)
                """,
                Self.parameters(scope) + [.text(id), .text(new.name), .text(new.description), .text(new.instructions), .text(new.tools),
                                          .text(new.riskLevel), .text(new.provider), .optional(new.source), .date(now)])
            else { throw StoreError(.internal, "skill insert returned no row") }
            return try Self.decode(row)
        }
    }

    /// By id (`skill_…`) or by name.
    public func get(_ idOrName: String, in scope: Scope) async throws -> Skill? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT \(Self.columns) FROM skills WHERE \(Self.shared) AND (id = $3 OR name = $3)",
                             Self.parameters(scope) + [.text(idOrName)]).map(Self.decode)
        }
    }

    public func list(in scope: Scope) async throws -> [Skill] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(Self.columns) FROM skills WHERE \(Self.shared) ORDER BY name", Self.parameters(scope)).map(Self.decode)
        }
    }

    /// True when it existed in `scope`.
    public func delete(_ id: String, in scope: Scope) async throws -> Bool {
        try await database.transaction(.tenant(scope), .write) { c in
            try c.execute("DELETE FROM skills WHERE \(Self.shared) AND id = $3", Self.parameters(scope) + [.text(id)]) == 1
        }
    }

    static func decode(_ row: Row) throws -> Skill {
        let project = try row.string("project_id")
        return Skill(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            name: try row.string("name"), description: try row.string("description"), instructions: try row.string("instructions"),
            tools: try row.string("tools"), riskLevel: try row.string("risk_level"), provider: try row.string("provider"),
            source: row.optionalString("source"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
