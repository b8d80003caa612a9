import JSON
import RPC
import Runtime

/// `roles/create`.
enum RolesCreate: HostMethod {
    static let name = "roles/create"
    static let summary = "Creates a role (prompt, tool lists, model) shared within the caller's org and project; names are unique there."

    struct Params: Decodable, Sendable, Scoped {
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

    typealias Result = RoleView

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
    static let example = TeamSchemas.exampleRole

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let draft = RoleDraft(name: p.name, description: p.description ?? "", systemPrompt: p.systemPrompt ?? "", isLead: p.isLead ?? false,
                              allowedTools: p.allowedTools ?? [], deniedTools: p.deniedTools ?? [], styleConstraints: p.styleConstraints ?? [:],
                              model: p.model)
        return RoleView(try await context.runtime().teams.createRole(draft, in: try await context.scope(of: p)))
    }
}

/// `roles/list`.
enum RolesList: HostMethod {
    static let name = "roles/list"
    static let summary = "Lists the roles of the caller's org and project, by name."

    struct Params: Decodable, Sendable, Scoped { var scope: ScopeParams? }
    struct Result: Encodable, Sendable { var roles: [RoleView] }

    static let paramsSchema = Schema.object(["scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["roles": Schema.array(TeamSchemas.role)], required: ["roles"])
    static let example = Result(roles: [TeamSchemas.exampleRole])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(roles: try await context.runtime().teams.roles(in: try await context.scope(of: p)).map { RoleView($0) })
    }
}

/// `roles/get`.
enum RolesGet: HostMethod {
    static let name = "roles/get"
    static let summary = "Returns one role by id or name."
    typealias Params = RoleParams
    typealias Result = RoleView
    static let paramsSchema = RoleParams.schema
    static let resultSchema = TeamSchemas.role
    static let example = TeamSchemas.exampleRole

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        RoleView(try await context.runtime().teams.role(p.roleID, in: try await context.scope(of: p)))
    }
}

/// `roles/update`: a partial update; `model: null` clears the model.
enum RolesUpdate: HostMethod {
    static let name = "roles/update"
    static let summary = "Changes the fields given of a role (model: null clears it); runs already created keep the role as it was."

    struct Params: Decodable, Sendable, Scoped {
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
            // A present null clears the model; an absent key leaves it.
            if c.contains(.model) { model = try c.decodeNil(forKey: .model) ? .some(nil) : .some(try c.decode(JSONValue.self, forKey: .model)) }
            scope = try c.decodeIfPresent(ScopeParams.self, forKey: .scope)
        }
    }

    typealias Result = RoleView

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
    static let example = TeamSchemas.exampleRole

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let patch = RolePatch(name: p.name, description: p.description, systemPrompt: p.systemPrompt, isLead: p.isLead, allowedTools: p.allowedTools,
                              deniedTools: p.deniedTools, styleConstraints: p.styleConstraints, model: p.model)
        return RoleView(try await context.runtime().teams.updateRole(p.roleID, patch, in: try await context.scope(of: p)))
    }
}

/// `roles/delete`.
enum RolesDelete: HostMethod {
    static let name = "roles/delete"
    static let summary = "Deletes a role. A role that is a group member is refused (-32004) unless force is true, which removes its memberships too."

    struct Params: Decodable, Sendable, Scoped {
        var roleID: String
        var force: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case roleID = "role_id", force, scope }
    }

    struct Result: Encodable, Sendable {
        var deleted = true
        var roleID: String
        enum CodingKeys: String, CodingKey { case deleted, roleID = "role_id" }
    }

    static let paramsSchema = Schema.object(["role_id": TeamSchemas.id, "force": Schema.boolean, "scope": ScopeParams.schema], required: ["role_id"])
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "role_id": Schema.string()], required: ["deleted", "role_id"])
    static let example = Result(roleID: TeamSchemas.exampleRole.id)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try await context.runtime().teams.deleteRole(p.roleID, force: p.force ?? false, in: try await context.scope(of: p))
        return Result(roleID: p.roleID)
    }
}

/// `roles/stats`.
enum RolesStats: HostMethod {
    static let name = "roles/stats"
    static let summary = "What a role did in the caller's private scope over a period (runs, outcomes, tokens, tool calls), and the groups it is in."

    struct Params: Decodable, Sendable, Scoped {
        var roleID: String
        var from: String?
        var to: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case roleID = "role_id", from, to, scope }
    }

    struct Result: Encodable, Sendable {
        var roleID: String
        var from: String?
        var to: String?
        var runs: Int
        var completed: Int
        var failed: Int
        var inputTokens: Int64
        var outputTokens: Int64
        var toolCalls: Int
        var groupCount: Int
        var groups: [GroupName]

        struct GroupName: Encodable, Sendable {
            var id: String
            var name: String
        }

        enum CodingKeys: String, CodingKey {
            case from, to, runs, completed, failed, groups
            case roleID = "role_id", inputTokens = "input_tokens", outputTokens = "output_tokens", toolCalls = "tool_calls", groupCount = "group_count"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(roleID, forKey: .roleID)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            try c.encode(runs, forKey: .runs)
            try c.encode(completed, forKey: .completed)
            try c.encode(failed, forKey: .failed)
            try c.encode(inputTokens, forKey: .inputTokens)
            try c.encode(outputTokens, forKey: .outputTokens)
            try c.encode(toolCalls, forKey: .toolCalls)
            try c.encode(groupCount, forKey: .groupCount)
            try c.encode(groups, forKey: .groups)
        }
    }

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
    static let example = Result(roleID: TeamSchemas.exampleRole.id, from: "2026-12-01T00:00:00.000Z", to: nil, runs: 3, completed: 2, failed: 1,
                                inputTokens: 5210, outputTokens: 880, toolCalls: 7, groupCount: 1,
                                groups: [.init(id: TeamSchemas.exampleGroup.id, name: TeamSchemas.exampleGroup.name)])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let stats = try await context.runtime().teams.roleStats(p.roleID, from: p.from.flatMap(ISO8601.parse), to: p.to.flatMap(ISO8601.parse),
                                                                in: try await context.scope(of: p))
        return Result(roleID: p.roleID, from: p.from, to: p.to, runs: stats.runs, completed: stats.completed, failed: stats.failed,
                      inputTokens: stats.inputTokens, outputTokens: stats.outputTokens, toolCalls: stats.toolCalls, groupCount: stats.groups.count,
                      groups: stats.groups.map { .init(id: $0.id, name: $0.name) })
    }
}

/// `roles/batch_delete`: all or nothing.
enum RolesBatchDelete: HostMethod {
    static let name = "roles/batch_delete"
    static let summary = "Deletes several roles, all or nothing: if any id is not a role of the caller's org and project, nothing is deleted and data.missing names them."
    typealias Params = BatchDeleteParams
    typealias Result = BatchDeleteResult
    static let paramsSchema = BatchDeleteParams.schema
    static let resultSchema = BatchDeleteResult.schema
    static let example = Result(deleted: 2)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(deleted: try await context.runtime().teams.deleteRoles(p.ids, force: p.force ?? false, in: try await context.scope(of: p)))
    }
}
