import JSON
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

    /// A stored skill, for the methods' examples.
    static let example = SkillView(
        id: "skill_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", name: "triage", description: "Sort issues", instructions: "Label every issue.",
        tools: [.name("file_list"), .declared(name: "label_issue", description: "Adds a label.", parameters: ["type": "object"])],
        source: "api", createdAt: "2026-12-06T21:00:00.000Z", updatedAt: "2026-12-06T21:00:00.000Z", scope: .init(orgID: "acme", projectID: "p1"))
}

/// The params of methods that name one skill.
struct SkillParams: Decodable, Sendable, Scoped {
    var skillID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case skillID = "skill_id", scope }

    static let schema = Schema.object(["skill_id": SafeIDSchema.id, "scope": ScopeParams.schema], required: ["skill_id"])

    /// The answer when no skill of the caller's scope has this id.
    var notFound: RuntimeError { RuntimeError(.notFound, "skill not found: \(skillID)", path: "params.skill_id") }
}
