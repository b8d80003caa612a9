import JSON
import Runtime

/// `skills/create`.
enum SkillsCreate: HostMethod {
    static let name = "skills/create"
    static let summary = "Stores a skill (instructions and the tools they may use) for the caller's org and project."

    struct Params: Decodable, Sendable, Scoped {
        var name: String
        var description: String?
        var instructions: String?
        var tools: [SkillToolRef]?
        var riskLevel: String?
        var provider: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, instructions, tools, provider, scope, riskLevel = "risk_level" }
    }

    typealias Result = SkillView

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
    static let example = SkillSchemas.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try PayloadLimits.check(p.instructions, limit: context.host.limits.skillBytes, path: "params.instructions")
        let engine = try await context.runtime()
        return try await engine.skills.create(name: p.name, description: p.description ?? "", instructions: p.instructions ?? "", tools: p.tools ?? [],
                                              riskLevel: p.riskLevel ?? "low", provider: p.provider ?? "builtin", in: try await context.scope(of: p))
    }
}
