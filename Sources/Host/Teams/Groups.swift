import JSON
import RPC
import Runtime

/// `groups/create`.
enum GroupsCreate: HostMethod {
    static let name = "groups/create"
    static let summary = "Creates a group in the caller's org and project (project_id, if given, is the project); config.fail_fast stops a run at the first failed member."

    struct Params: Decodable, Sendable, Scoped {
        var name: String
        var description: String?
        var projectID: String?
        var config: JSONValue?
        var requestedScope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, config, requestedScope = "scope", projectID = "project_id" }

        var scope: ScopeParams? { TeamSchemas.scope(requestedScope, project: projectID) }
    }

    typealias Result = GroupView

    static let paramsSchema = Schema.object([
        "name": TeamSchemas.name, "description": Schema.string(maxLength: 4096), "project_id": ScopeParams.projectIDSchema,
        "config": TeamSchemas.groupConfig, "scope": ScopeParams.schema,
    ], required: ["name"])
    static let resultSchema = TeamSchemas.group
    static let example = TeamSchemas.exampleGroup

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        return GroupView(try await context.runtime().teams.createGroup(name: p.name, description: p.description ?? "", config: p.config ?? [:], in: scope))
    }
}

/// `groups/list`.
enum GroupsList: HostMethod {
    static let name = "groups/list"
    static let summary = "Lists the groups of the caller's org and project (project_id, if given, is the project), newest first."

    struct Params: Decodable, Sendable, Scoped {
        var projectID: String?
        var requestedScope: ScopeParams?
        enum CodingKeys: String, CodingKey { case requestedScope = "scope", projectID = "project_id" }

        var scope: ScopeParams? { TeamSchemas.scope(requestedScope, project: projectID) }
    }

    struct Result: Encodable, Sendable { var groups: [GroupView] }

    static let paramsSchema = Schema.object(["project_id": ScopeParams.projectIDSchema, "scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["groups": Schema.array(TeamSchemas.group)], required: ["groups"])
    static let example = Result(groups: [TeamSchemas.exampleGroup])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(groups: try await context.runtime().teams.groups(in: try await context.scope(of: p)).map { GroupView($0) })
    }
}

/// `groups/get`.
enum GroupsGet: HostMethod {
    static let name = "groups/get"
    static let summary = "Returns one group by id or name."
    typealias Params = GroupParams
    typealias Result = GroupView
    static let paramsSchema = GroupParams.schema
    static let resultSchema = TeamSchemas.group
    static let example = TeamSchemas.exampleGroup

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        GroupView(try await context.runtime().teams.group(p.groupID, in: try await context.scope(of: p)))
    }
}

/// `groups/update`.
enum GroupsUpdate: HostMethod {
    static let name = "groups/update"
    static let summary = "Changes the fields given of a group; runs already created keep the group as it was."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var name: String?
        var description: String?
        var config: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, config, scope, groupID = "group_id" }
    }

    typealias Result = GroupView

    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "name": TeamSchemas.name, "description": Schema.string(maxLength: 4096),
        "config": TeamSchemas.groupConfig, "scope": ScopeParams.schema,
    ], required: ["group_id"])
    static let resultSchema = TeamSchemas.group
    static let example = TeamSchemas.exampleGroup

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        GroupView(try await context.runtime().teams.updateGroup(p.groupID, name: p.name, description: p.description, config: p.config,
                                                                in: try await context.scope(of: p)))
    }
}

/// `groups/delete`.
enum GroupsDelete: HostMethod {
    static let name = "groups/delete"
    static let summary = "Deletes a group with its members and blackboard (its runs stay). Refused (-32005) while a run of the group is active, unless force is true."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var force: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", force, scope }
    }

    struct Result: Encodable, Sendable {
        var deleted = true
        var groupID: String
        enum CodingKeys: String, CodingKey { case deleted, groupID = "group_id" }
    }

    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "force": Schema.boolean, "scope": ScopeParams.schema], required: ["group_id"])
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "group_id": Schema.string()], required: ["deleted", "group_id"])
    static let example = Result(groupID: TeamSchemas.exampleGroup.id)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try await context.runtime().teams.deleteGroup(p.groupID, force: p.force ?? false, in: try await context.scope(of: p))
        return Result(groupID: p.groupID)
    }
}

/// `groups/batch_delete`: all or nothing.
enum GroupsBatchDelete: HostMethod {
    static let name = "groups/batch_delete"
    static let summary = "Deletes several groups, all or nothing: if any id is not a group of the caller's org and project (data.missing), or any has an active run and force is not set, nothing is deleted."
    typealias Params = BatchDeleteParams
    typealias Result = BatchDeleteResult
    static let paramsSchema = BatchDeleteParams.schema
    static let resultSchema = BatchDeleteResult.schema
    static let example = Result(deleted: 1)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(deleted: try await context.runtime().teams.deleteGroups(p.ids, force: p.force ?? false, in: try await context.scope(of: p)))
    }
}

/// `groups/assign_project`: the seed's `POST /api/groups/assign-project`.
enum GroupsAssignProject: HostMethod {
    static let name = "groups/assign_project"
    static let summary = "Moves the caller's groups without a project (with include_existing, also those of the caller's project) into project_id, with their members, member roles and blackboards; another project is never touched. updated counts the groups moved. A name the target project would hold twice moves nothing (-32004, data.groups and data.roles name the clashes)."

    struct Params: Decodable, Sendable, Scoped {
        var projectID: String
        var includeExisting: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, projectID = "project_id", includeExisting = "include_existing" }
    }

    struct Result: Encodable, Sendable {
        var projectID: String
        var includeExisting: Bool
        var updated: Int
        var rolesUpdated: Int
        enum CodingKeys: String, CodingKey { case updated, projectID = "project_id", includeExisting = "include_existing", rolesUpdated = "roles_updated" }
    }

    static let paramsSchema = Schema.object(["project_id": Schema.failing(ScopeParams.idSchema, with: RPCError.Code.invalidScope.rawValue),
                                             "include_existing": Schema.boolean, "scope": ScopeParams.schema],
                                            required: ["project_id"])
    static let resultSchema = Schema.object([
        "project_id": Schema.string(), "include_existing": Schema.boolean, "updated": Schema.integer(minimum: 0),
        "roles_updated": Schema.integer(minimum: 0),
    ], required: ["project_id", "include_existing", "updated", "roles_updated"])
    static let example = Result(projectID: "atlas", includeExisting: false, updated: 2, rolesUpdated: 3)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let includeExisting = p.includeExisting ?? false
        let moved = try await context.runtime().teams.assignProject(p.projectID, includeExisting: includeExisting, in: try await context.scope(of: p))
        return Result(projectID: p.projectID, includeExisting: includeExisting, updated: moved.groups.count, rolesUpdated: moved.roles.count)
    }
}
