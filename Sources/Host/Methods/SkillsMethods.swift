import RPC
import Runtime

/// Schemas the skills methods share.
enum SkillSchemas {
    static let toolRef = Schema.anyOf([
        Schema.string(minLength: 1, maxLength: 256),
        Schema.object(["name": Schema.string(minLength: 1, maxLength: 256), "description": Schema.string(maxLength: 4096),
                       "parameters": Schema.map(Schema.any)], required: ["name"]),
    ])
    static let skill = Schema.object([
        "id": Schema.string(), "name": Schema.string(), "description": Schema.string(), "instructions": Schema.string(),
        "tools": Schema.array(toolRef), "risk_level": Schema.oneOf(strings: ["low", "medium", "high"]),
        "provider": Schema.oneOf(strings: ["builtin", "mcp"]), "source": Schema.string(),
        "health_status": Schema.oneOf(strings: ["healthy", "unhealthy", "unknown"]),
        "created_at": Schema.nullable(Schema.timestamp), "updated_at": Schema.nullable(Schema.timestamp),
        "scope": Schema.nullable(Schema.map(Schema.any)),
    ], required: ["id", "name", "description", "instructions", "tools", "risk_level", "provider", "source"])
}

/// `skills/create`.
enum SkillsCreate: RPCMethod {
    static let name = "skills/create"
    static let summary = "Stores a skill (instructions and the tools they may use) for the caller's org and project."
    struct Params: Codable, Sendable {
        var name: String
        var description: String?
        var instructions: String?
        var tools: JSONValue?
        var riskLevel: String?
        var provider: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, instructions, tools, provider, scope, riskLevel = "risk_level" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "name": SafeIDSchema.id,
        "description": Schema.string(maxLength: 4096),
        "instructions": Schema.string(description: "At most limits.skillBytes (200,000) bytes of UTF-8; more is -32011."),
        "tools": Schema.array(SkillSchemas.toolRef, maxItems: 256),
        "risk_level": Schema.oneOf(strings: ["low", "medium", "high"]),
        "provider": Schema.oneOf(strings: ["builtin", "mcp"]),
        "scope": ScopeParams.schema,
    ], required: ["name"])
    static let resultSchema = SkillSchemas.skill
}

/// `skills/list`.
enum SkillsList: RPCMethod {
    static let name = "skills/list"
    static let summary = "Lists the skills of the caller's org and project, and those found in the skills folders."
    struct Params: Codable, Sendable { var scope: ScopeParams? }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["skills": Schema.array(SkillSchemas.skill)], required: ["skills"])
}

/// `skills/get`.
enum SkillsGet: RPCMethod {
    static let name = "skills/get"
    static let summary = "Returns one skill by id or name."
    struct Params: Codable, Sendable {
        var skillID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case skillID = "skill_id", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["skill_id": SafeIDSchema.id, "scope": ScopeParams.schema], required: ["skill_id"])
    static let resultSchema = SkillSchemas.skill
}

/// `skills/delete`.
enum SkillsDelete: RPCMethod {
    static let name = "skills/delete"
    static let summary = "Deletes a stored skill."
    typealias Params = SkillsGet.Params
    struct Result: Codable, Sendable { var deleted: Bool }
    static let paramsSchema = SkillsGet.paramsSchema
    static let resultSchema = Schema.object(["deleted": Schema.boolean], required: ["deleted"])
}
