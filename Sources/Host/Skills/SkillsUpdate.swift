import JSON
import Runtime

/// `skills/update`.
enum SkillsUpdate: HostMethod {
    static let name = "skills/update"
    static let summary = "Changes the fields given of a stored skill (by id or name); runs already created keep the skill as it was."

    struct Params: Decodable, Sendable, Scoped {
        var skillID: String
        var name: String?
        var description: String?
        var instructions: String?
        var tools: [SkillToolRef]?
        var riskLevel: String?
        var provider: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, instructions, tools, provider, scope, skillID = "skill_id", riskLevel = "risk_level" }
    }

    typealias Result = SkillView

    static let paramsSchema = Schema.object([
        "skill_id": SafeIDSchema.id,
        "name": SafeIDSchema.id,
        "description": Schema.string(maxLength: 4096),
        "instructions": Schema.string(description: "At most limits.skillBytes (200,000) bytes of UTF-8; more is -32011."),
        "tools": Schema.array(SkillSchemas.toolRef, maxItems: 256),
        "risk_level": Schema.oneOf(strings: ["low", "medium", "high"]),
        "provider": Schema.oneOf(strings: ["builtin", "mcp"]),
        "scope": ScopeParams.schema,
    ], required: ["skill_id"])
    static let resultSchema = SkillSchemas.skill
    static let example = SkillSchemas.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try PayloadLimits.check(p.instructions, limit: context.host.limits.skillBytes, path: "params.instructions")
        return try await context.runtime().skills.update(
            p.skillID, name: p.name, description: p.description, instructions: p.instructions, tools: p.tools, riskLevel: p.riskLevel,
            provider: p.provider, in: try await context.scope(of: p))
    }
}
