import RPC
import Runtime

/// `groups/create`.
enum GroupsCreate: RPCMethod {
    static let name = "groups/create"
    static let summary = "Creates a group in the caller's org and project (project_id, if given, is the project); config.fail_fast stops a run at the first failed member."
    struct Params: Codable, Sendable {
        var name: String
        var description: String?
        var projectID: String?
        var config: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, config, scope, projectID = "project_id" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "name": TeamSchemas.name, "description": Schema.string(maxLength: 4096), "project_id": ScopeParams.projectIDSchema,
        "config": TeamSchemas.groupConfig, "scope": ScopeParams.schema,
    ], required: ["name"])
    static let resultSchema = TeamSchemas.group
}

/// `groups/list`.
enum GroupsList: RPCMethod {
    static let name = "groups/list"
    static let summary = "Lists the groups of the caller's org and project (project_id, if given, is the project), newest first."
    struct Params: Codable, Sendable {
        var projectID: String?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, projectID = "project_id" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["project_id": ScopeParams.projectIDSchema, "scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["groups": Schema.array(TeamSchemas.group)], required: ["groups"])
}

/// `groups/get`.
enum GroupsGet: RPCMethod {
    static let name = "groups/get"
    static let summary = "Returns one group by id or name."
    struct Params: Codable, Sendable {
        var groupID: String
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "scope": ScopeParams.schema], required: ["group_id"])
    static let resultSchema = TeamSchemas.group
}

/// `groups/update`.
enum GroupsUpdate: RPCMethod {
    static let name = "groups/update"
    static let summary = "Changes the fields given of a group; runs already created keep the group as it was."
    struct Params: Codable, Sendable {
        var groupID: String
        var name: String?
        var description: String?
        var config: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case name, description, config, scope, groupID = "group_id" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "name": TeamSchemas.name, "description": Schema.string(maxLength: 4096),
        "config": TeamSchemas.groupConfig, "scope": ScopeParams.schema,
    ], required: ["group_id"])
    static let resultSchema = TeamSchemas.group
}

/// `groups/delete`.
enum GroupsDelete: RPCMethod {
    static let name = "groups/delete"
    static let summary = "Deletes a group with its members and blackboard (its runs stay). Refused (-32005) while a run of the group is active, unless force is true."
    struct Params: Codable, Sendable {
        var groupID: String
        var force: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", force, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["group_id": TeamSchemas.id, "force": Schema.boolean, "scope": ScopeParams.schema], required: ["group_id"])
    static let resultSchema = Schema.object(["deleted": Schema.boolean, "group_id": Schema.string()], required: ["deleted", "group_id"])
}

/// `groups/stats`.
enum GroupsStats: RPCMethod {
    static let name = "groups/stats"
    static let summary = "Counts of the group's runs in the caller's private scope: run_count, completed_count, failed_count, success_rate, avg_duration_ms."
    typealias Params = GroupsGet.Params
    typealias Result = JSONValue
    static let paramsSchema = GroupsGet.paramsSchema
    static let resultSchema = Schema.object([
        "group_id": Schema.string(), "run_count": Schema.integer(minimum: 0), "completed_count": Schema.integer(minimum: 0),
        "failed_count": Schema.integer(minimum: 0), "success_rate": Schema.number(minimum: 0, maximum: 1),
        "avg_duration_ms": Schema.nullable(Schema.number(minimum: 0)),
    ], required: ["group_id", "run_count", "completed_count", "failed_count", "success_rate", "avg_duration_ms"])
}

/// `groups/runs`: the group's run history.
enum GroupsRuns: RPCMethod {
    static let name = "groups/runs"
    static let summary = "The group's runs in the caller's private scope, newest first."
    struct Params: Codable, Sendable {
        var groupID: String
        var limit: Int?
        var offset: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", limit, offset, scope }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "limit": Schema.integer(minimum: 1, maximum: 100), "offset": Schema.integer(minimum: 0, maximum: 1_000_000),
        "scope": ScopeParams.schema,
    ], required: ["group_id"])
    static let resultSchema = Schema.object(["runs": Schema.array(Schema.object([
        "run_id": Schema.string(), "status": RunSchemas.status, "input": Schema.string(), "output": Schema.nullable(Schema.string()),
        "created_at": Schema.timestamp, "ended_at": TeamSchemas.timestampOrNull, "duration_ms": Schema.nullable(Schema.integer(minimum: 0)),
    ], required: ["run_id", "status", "input", "created_at", "ended_at", "duration_ms"]))], required: ["runs"])
}

/// `groups/batch_delete`: all or nothing.
enum GroupsBatchDelete: RPCMethod {
    static let name = "groups/batch_delete"
    static let summary = "Deletes several groups, all or nothing: if any id is not a group of the caller's org and project (data.missing), or any has an active run and force is not set, nothing is deleted."
    typealias Params = RolesBatchDelete.Params
    typealias Result = JSONValue
    static let paramsSchema = RolesBatchDelete.paramsSchema
    static let resultSchema = TeamSchemas.deleted
}

/// `groups/assign_project`: the seed's `POST /api/groups/assign-project`.
enum GroupsAssignProject: RPCMethod {
    static let name = "groups/assign_project"
    static let summary = "Moves the caller's groups without a project (with include_existing, also those of the caller's project) into project_id, with their members, member roles and blackboards; another project is never touched. updated counts the groups moved. A name the target project would hold twice moves nothing (-32004, data.groups and data.roles name the clashes)."
    struct Params: Codable, Sendable {
        var projectID: String
        var includeExisting: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case scope, projectID = "project_id", includeExisting = "include_existing" }
    }
    typealias Result = JSONValue
    static let paramsSchema = Schema.object(["project_id": Schema.failing(ScopeParams.idSchema, with: RPCError.Code.invalidScope.rawValue),
                                             "include_existing": Schema.boolean, "scope": ScopeParams.schema],
                                            required: ["project_id"])
    static let resultSchema = Schema.object([
        "project_id": Schema.string(), "include_existing": Schema.boolean, "updated": Schema.integer(minimum: 0),
        "roles_updated": Schema.integer(minimum: 0),
    ], required: ["project_id", "include_existing", "updated", "roles_updated"])
}
