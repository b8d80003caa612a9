import JSON
import Runtime

/// Schemas, params and examples the roles, groups, members and blackboard methods share.
enum TeamSchemas {
    static let id = SafeIDSchema.id(description: "An id, or a name that follows the id rule.")
    static let name = Schema.string(minLength: 1, maxLength: 128)
    static let toolList = Schema.array(Schema.string(minLength: 1, maxLength: 256), maxItems: 512)
    static let ids = Schema.array(id, minItems: 1, maxItems: 500)
    static let timestampOrNull = Schema.nullable(Schema.timestamp)
    static let sharedScope = Schema.object(["org_id": Schema.string(), "project_id": Schema.string()], required: ["org_id"])

    /// A role's `model`: its agent's provider, model and limits, and (for the
    /// scripted provider) its script — how a test gives each role its answers.
    static let roleModel = Schema.object([
        "provider": Schema.oneOf(strings: ["scripted", "mock", "openai", "anthropic", "gemini"]),
        "model": Schema.string(minLength: 1, maxLength: 256),
        "base_url": Schema.string(maxLength: 2048, pattern: "^https?://"),
        "temperature": Schema.number(minimum: 0, maximum: 2),
        "max_tokens": Schema.integer(minimum: 1, maximum: 1_000_000),
        "max_steps": Schema.integer(minimum: 1, maximum: 10_000),
        "timeout_ms": Schema.integer(minimum: 100, maximum: 86_400_000),
        "tool_choice": Schema.string(minLength: 1, maxLength: 256),
        "script": ScriptedProvider.scriptSchema,
        "skills": Schema.array(SafeIDSchema.id, maxItems: 32),
    ])

    static let role = Schema.object([
        "id": Schema.string(), "name": Schema.string(), "description": Schema.string(), "system_prompt": Schema.string(),
        "is_lead": Schema.boolean, "allowed_tools": Schema.array(Schema.string()), "denied_tools": Schema.array(Schema.string()),
        "style_constraints": Schema.map(Schema.any), "model": Schema.nullable(Schema.map(Schema.any)),
        "created_at": Schema.timestamp, "updated_at": Schema.timestamp, "scope": sharedScope,
    ], required: ["id", "name", "description", "system_prompt", "is_lead", "allowed_tools", "denied_tools", "style_constraints", "model", "created_at", "updated_at"])

    static let groupConfig = Schema.object(["fail_fast": Schema.boolean])

    static let group = Schema.object([
        "id": Schema.string(), "name": Schema.string(), "description": Schema.string(), "project_id": Schema.nullable(Schema.string()),
        "config": Schema.map(Schema.any), "created_at": Schema.timestamp, "updated_at": Schema.timestamp, "scope": sharedScope,
    ], required: ["id", "name", "description", "project_id", "config", "created_at", "updated_at"])

    static let member = Schema.object([
        "id": Schema.string(), "group_id": Schema.string(), "role_id": Schema.string(), "role_name": Schema.string(), "is_lead": Schema.boolean,
        "agent_instance_id": Schema.null, "ordinal": Schema.integer(minimum: 0), "created_at": Schema.timestamp,
    ], required: ["id", "group_id", "role_id", "ordinal", "created_at"])

    static let entryTypes = ["decision", "evidence", "todo", "note", "proposal"]

    static let entry = Schema.object([
        "id": Schema.string(), "group_id": Schema.string(), "type": Schema.oneOf(strings: entryTypes), "content": Schema.string(),
        "refs": Schema.array(Schema.any), "role_id": Schema.nullable(Schema.string()), "run_id": Schema.nullable(Schema.string()),
        "metadata": Schema.map(Schema.any), "user_id": Schema.string(), "tier": Schema.oneOf(strings: ["episodic"]),
        "created_at": Schema.timestamp, "updated_at": Schema.timestamp,
    ], required: ["id", "group_id", "type", "content", "refs", "role_id", "run_id", "metadata", "created_at", "updated_at"])

    /// `project_id` given beside the scope names the project (groups/create, groups/list).
    static func scope(_ requested: ScopeParams?, project projectID: String?) -> ScopeParams? {
        guard let projectID else { return requested }
        var merged = requested ?? ScopeParams()
        merged.projectID = projectID
        return merged
    }

    // MARK: Examples

    static let exampleScope = SharedScopeView(orgID: "acme", projectID: "atlas")

    static let exampleRole = RoleView(
        id: "role_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", name: "researcher", description: "Finds the facts.", systemPrompt: "You research; cite files.",
        allowedTools: ["file_*"], deniedTools: ["file_write"], styleConstraints: ["tone": "terse"],
        model: ["provider": "openai", "model": "gpt-4o-mini", "max_steps": 8],
        createdAt: "2026-12-06T21:00:00.000Z", updatedAt: "2026-12-06T21:00:00.000Z", scope: exampleScope)

    static let exampleGroup = GroupView(
        id: "grp_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", name: "platform", description: "Picks the database.", projectID: "atlas",
        config: ["fail_fast": false], createdAt: "2026-12-06T21:00:00.000Z", updatedAt: "2026-12-06T21:00:00.000Z", scope: exampleScope)
}

/// The params of methods that name one role.
struct RoleParams: Decodable, Sendable, Scoped {
    var roleID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case roleID = "role_id", scope }

    static let schema = Schema.object(["role_id": TeamSchemas.id, "scope": ScopeParams.schema], required: ["role_id"])
}

/// The params of methods that name one group.
struct GroupParams: Decodable, Sendable, Scoped {
    var groupID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case groupID = "group_id", scope }

    static let schema = Schema.object(["group_id": TeamSchemas.id, "scope": ScopeParams.schema], required: ["group_id"])
}

/// The params of `roles/batch_delete` and `groups/batch_delete`.
struct BatchDeleteParams: Decodable, Sendable, Scoped {
    var ids: [String]
    var force: Bool?
    var scope: ScopeParams?

    static let schema = Schema.object(["ids": TeamSchemas.ids, "force": Schema.boolean, "scope": ScopeParams.schema], required: ["ids"])
}

/// The result of a batch delete: how many were deleted (all of them, or an error).
struct BatchDeleteResult: Encodable, Sendable {
    var deleted: Int

    static let schema = Schema.object(["deleted": Schema.integer(minimum: 0)], required: ["deleted"])
}
