import RPC
import Runtime

/// Schemas the roles, groups, members and blackboard methods share.
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

    static let deleted = Schema.object(["deleted": Schema.integer(minimum: 0)], required: ["deleted"])
}
