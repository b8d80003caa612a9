import RPC
import Runtime

/// `roles/create`.
enum RolesCreate: RPCMethod {
    static let name = "roles/create"
    static let summary = "Creates a role (prompt, tool lists, model) shared within the caller's org and project; names are unique there."
    struct Params: Codable, Sendable {
        var name: String
        var description: String?
        var systemPrompt: String?
        var isLead: Bool?
        var allowedTools: [String]?
        var deniedTools: [String]?
        var styleConstraints: JSONValue?
        var model: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case name, description, model, scope
            case systemPrompt = "system_prompt", isLead = "is_lead", allowedTools = "allowed_tools", deniedTools = "denied_tools"
            case styleConstraints = "style_constraints"
        }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "name": TeamSchemas.name,
        "description": Schema.string(maxLength: 4096),
        "system_prompt": Schema.string(maxLength: 200_000),
        "is_lead": Schema.boolean,
        "allowed_tools": TeamSchemas.toolList,
        "denied_tools": TeamSchemas.toolList,
        "style_constraints": Schema.map(Schema.any),
        "model": TeamSchemas.roleModel,
        "scope": ScopeParams.schema,
    ], required: ["name", "system_prompt"])
    static let resultSchema = TeamSchemas.role
}

/// `roles/list`.
enum RolesList: RPCMethod {
    static let name = "roles/list"
    static let summary = "Lists the roles of the caller's org and project, by name."
    struct Params: Codable, Sendable { var scope: ScopeParams? }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["roles": Schema.array(TeamSchemas.role)], required: ["roles"])
}

/// `roles/get`.
enum RolesGet: RPCMethod {
    static let name = "roles/get"
    static let summary = "Returns one role by id or name."
    struct Params: Codable, Sendable {
        var roleID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case roleID = "role_id", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["role_id": TeamSchemas.id, "scope": ScopeParams.schema], required: ["role_id"])
    static let resultSchema = TeamSchemas.role
}

/// `roles/update`: a partial update; `model: null` clears the model.
enum RolesUpdate: RPCMethod {
    static let name = "roles/update"
    static let summary = "Changes the fields given of a role (model: null clears it); runs already created keep the role as it was."
    struct Params: Decodable, Sendable {
        var roleID: String
        var name: String?
        var description: String?
        var systemPrompt: String?
        var isLead: Bool?
        var allowedTools: [String]?
        var deniedTools: [String]?
        var styleConstraints: JSONValue?
        /// nil: unchanged; `.some(nil)`: cleared.
        var model: JSONValue??
        var scope: ScopeParams?

        enum CodingKeys: String, CodingKey {
            case name, description, model, scope
            case roleID = "role_id", systemPrompt = "system_prompt", isLead = "is_lead", allowedTools = "allowed_tools", deniedTools = "denied_tools"
            case styleConstraints = "style_constraints"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            roleID = try c.decode(String.self, forKey: .roleID)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            systemPrompt = try c.decodeIfPresent(String.self, forKey: .systemPrompt)
            isLead = try c.decodeIfPresent(Bool.self, forKey: .isLead)
            allowedTools = try c.decodeIfPresent([String].self, forKey: .allowedTools)
            deniedTools = try c.decodeIfPresent([String].self, forKey: .deniedTools)
            styleConstraints = try c.decodeIfPresent(JSONValue.self, forKey: .styleConstraints)
            if c.contains(.model) { model = try c.decodeNil(forKey: .model) ? .some(nil) : .some(try c.decode(JSONValue.self, forKey: .model)) }
            scope = try c.decodeIfPresent(ScopeParams.self, forKey: .scope)
        }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "role_id": TeamSchemas.id,
        "name": TeamSchemas.name,
        "description": Schema.string(maxLength: 4096),
        "system_prompt": Schema.string(maxLength: 200_000),
        "is_lead": Schema.boolean,
        "allowed_tools": TeamSchemas.toolList,
        "denied_tools": TeamSchemas.toolList,
        "style_constraints": Schema.map(Schema.any),
        "model": Schema.nullable(TeamSchemas.roleModel),
        "scope": ScopeParams.schema,
    ], required: ["role_id"])
    static let resultSchema = TeamSchemas.role
}

/// `roles/delete`.
enum RolesDelete: RPCMethod {
    static let name = "roles/delete"
    static let summary = "Deletes a role. A role that is a group member is refused (-32004) unless force is true, which removes its memberships too."
    struct Params: Codable, Sendable {
        var roleID: String
        var force: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case roleID = "role_id", force, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["role_id": TeamSchemas.id, "force": Schema.boolean, "scope": ScopeParams.schema], required: ["role_id"])
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "role_id": Schema.string()], required: ["deleted", "role_id"])
}

/// `roles/stats`.
enum RolesStats: RPCMethod {
    static let name = "roles/stats"
    static let summary = "What a role did in the caller's private scope over a period (runs, outcomes, tokens, tool calls), and the groups it is in."
    struct Params: Codable, Sendable {
        var roleID: String
        var from: String?
        var to: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case roleID = "role_id", from, to, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "role_id": TeamSchemas.id, "from": Schema.timestamp, "to": Schema.timestamp, "scope": ScopeParams.schema,
    ], required: ["role_id"])
    static let resultSchema = Schema.object([
        "role_id": Schema.string(), "from": TeamSchemas.timestampOrNull, "to": TeamSchemas.timestampOrNull,
        "runs": Schema.integer(minimum: 0), "completed": Schema.integer(minimum: 0), "failed": Schema.integer(minimum: 0),
        "input_tokens": Schema.integer(minimum: 0), "output_tokens": Schema.integer(minimum: 0), "tool_calls": Schema.integer(minimum: 0),
        "group_count": Schema.integer(minimum: 0),
        "groups": Schema.array(Schema.object(["id": Schema.string(), "name": Schema.string()], required: ["id", "name"])),
    ], required: ["role_id", "runs", "completed", "failed", "input_tokens", "output_tokens", "tool_calls", "group_count", "groups"])
}

/// `roles/batch_delete`: all or nothing.
enum RolesBatchDelete: RPCMethod {
    static let name = "roles/batch_delete"
    static let summary = "Deletes several roles, all or nothing: if any id is not a role of the caller's org and project, nothing is deleted and data.missing names them."
    struct Params: Codable, Sendable {
        var ids: [String]
        var force: Bool?
        var scope: ScopeParams?
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["ids": TeamSchemas.ids, "force": Schema.boolean, "scope": ScopeParams.schema], required: ["ids"])
    static let resultSchema = TeamSchemas.deleted
}
