/// Every REST route, each onto one RPC method: the seed's routes with their
/// bodies and statuses (SEED-CONTRACT §2), then ours, which return the RPC
/// result as it is. docs/rest.md is this table in prose; the OpenAPI
/// document is generated from it and the methods' schemas.
public enum RouteTable {
    public static let all: [Route] = runs + uploads + teams + blackboard + skills + memory + system + ingestion

    static let runs: [Route] = [
        route(.post, "/api/runs", "runs/create", .seed, "Queue a run.") { $0.status = 201; $0.hasBody = true },
        route(.get, "/api/runs", "runs/list", .ours, "List the scope's runs, newest first.") {
            $0.query = [.init("status", .list), .init("session_key"), .init("created_from"), .init("created_before"),
                        .init("limit", .integer), .init("cursor")]
        },
        route(.get, "/api/runs/{run_id}", "runs/get", .seed, "One run."),
        route(.get, "/api/sessions/{session_key}/runs", "sessions/runs", .seed, "A session's runs, newest first, by page.") {
            $0.query = [.init("page", .integer), .init("limit", .integer)]
        },
        route(.get, "/api/runs/{run_id}/events", "runs/events", .seed, "A page of a run's events after cursor (the last seq seen).") {
            $0.query = [.init("cursor"), .init("limit", .integer), .init("type", .list), .init("include_tokens", .boolean)]
        },
        route(.get, "/api/runs/{run_id}/stream", "runs/subscribe", .seed,
              "The run's events as server-sent events (id: seq); resumes after Last-Event-ID or after_seq; ends after the run's last event.") {
            $0.kind = .runStream
            $0.query = [.init("after_seq", .integer), .init("cursor", .integer, param: "after_seq")]
        },
        route(.post, "/api/runs/{run_id}/cancel", "runs/cancel", .seed, "Cancel a run.") {
            $0.errors = [ErrorOverride(-32005, status: 400, code: "RUN_ALREADY_FINISHED")]
        },
        route(.post, "/api/runs/{run_id}/approve", "runs/approve", .seed, "Approve (or deny) a tool call the run waits on.") {
            $0.hasBody = true
            $0.request = SeedShapes.approveRequest
            $0.response = SeedShapes.approveResponse
            $0.errors = [ErrorOverride(-32005, status: 400, code: "RUN_NOT_WAITING"),
                         ErrorOverride(-32001, path: "params.call_id", status: 404, code: "APPROVAL_NOT_FOUND")]
        },
        route(.post, "/api/runs/{run_id}/reject", "runs/reject", .seed, "Reject a tool call the run waits on; the model reads the rejection.") {
            $0.hasBody = true
            $0.request = SeedShapes.rejectRequest
            $0.response = SeedShapes.rejectResponse
            $0.errors = [ErrorOverride(-32005, status: 400, code: "RUN_NOT_WAITING"),
                         ErrorOverride(-32001, path: "params.call_id", status: 404, code: "APPROVAL_NOT_FOUND")]
        },
        route(.post, "/api/runs/{run_id}/inject", "runs/inject", .seed,
              "Send a message into a running or waiting run; its next step reads it.") {
            $0.hasBody = true
            $0.errors = [ErrorOverride(-32005, status: 400, code: "RUN_NOT_INJECTABLE")]
        },
        route(.get, "/api/runs/{run_id}/children", "runs/children", .seed, "The run's child runs (group members, delegated runs), oldest first."),
        route(.get, "/api/runs/{run_id}/export", "runs/export", .ours, "A run's whole trace as one JSON document.") {
            $0.query = [.init("format")]
        },
        route(.get, "/api/stream", "runs/subscribe", .ours,
              "Every run of the scope (or of session_key, or of the delegation tree root_run_id, replayed from its start) as server-sent events, live; no ids and no resume (resume per run).") {
            $0.kind = .scopeStream
            $0.query = [.init("session_key"), .init("root_run_id")]
        },
    ]

    static let uploads: [Route] = [
        route(.post, "/api/uploads", "uploads/create", .seed,
              "Upload a file for runs to take as attachments: the raw body (at most uploads.maxBytes, 8 MiB), Content-Type its media type (checked against the bytes; none or application/octet-stream: detected), X-Filename its name.") {
            $0.kind = .upload
            $0.status = 201
        },
        route(.get, "/api/uploads/{upload_id}", "uploads/get", .seed, "An upload's bytes, with its media type, shown inline.") {
            $0.kind = .download
        },
        route(.delete, "/api/uploads/{upload_id}", "uploads/delete", .ours, "Delete an upload of the scope."),
    ]

    static let teams: [Route] = [
        route(.post, "/api/roles", "roles/create", .seed, "Create a role.") { $0.status = 201; $0.hasBody = true },
        route(.get, "/api/roles", "roles/list", .seed, "The roles of the org and project."),
        route(.post, "/api/roles/batch-delete", "roles/batch_delete", .seed, "Delete several roles, all or nothing.") { $0.hasBody = true },
        route(.get, "/api/roles/{role_id}", "roles/get", .seed, "One role."),
        route(.put, "/api/roles/{role_id}", "roles/update", .seed, "Change a role's fields.") { $0.hasBody = true },
        route(.delete, "/api/roles/{role_id}", "roles/delete", .seed, "Delete a role.") {
            $0.status = 204
            $0.query = [.init("force", .boolean)]
        },
        route(.get, "/api/roles/{role_id}/stats", "roles/stats", .seed, "What a role did: its groups and member runs.") {
            $0.query = [.init("from"), .init("to")]
        },
        route(.post, "/api/groups", "groups/create", .seed, "Create a group.") {
            $0.status = 201
            $0.hasBody = true
            $0.projectIsParam = true
        },
        route(.get, "/api/groups", "groups/list", .seed, "The groups of the org and project.") {
            $0.query = [.init("project_id")]
            $0.projectIsParam = true
        },
        route(.post, "/api/groups/assign-project", "groups/assign_project", .seed, "Move the org's groups without a project into one.") {
            $0.hasBody = true
            $0.projectIsParam = true
        },
        route(.post, "/api/groups/batch-delete", "groups/batch_delete", .seed, "Delete several groups, all or nothing.") { $0.hasBody = true },
        route(.get, "/api/groups/{group_id}", "groups/get", .seed, "One group."),
        route(.put, "/api/groups/{group_id}", "groups/update", .seed, "Change a group's fields.") { $0.hasBody = true },
        route(.delete, "/api/groups/{group_id}", "groups/delete", .seed, "Delete a group.") {
            $0.status = 204
            $0.query = [.init("force", .boolean)]
        },
        route(.get, "/api/groups/{group_id}/stats", "groups/stats", .seed, "A group's run counts and success rate."),
        route(.get, "/api/groups/{group_id}/runs", "groups/runs", .seed, "A group's runs, newest first.") {
            $0.query = [.init("limit", .integer), .init("offset", .integer)]
        },
        route(.post, "/api/groups/{group_id}/runs", "groups/runs/create", .seed, "Queue a group run.") {
            $0.status = 201
            $0.hasBody = true
            $0.errors = [ErrorOverride(-32005, status: 400, code: "INVALID_STATE")]
        },
        route(.post, "/api/groups/{group_id}/members", "groups/members/add", .seed, "Add a role to a group.") { $0.status = 201; $0.hasBody = true },
        route(.get, "/api/groups/{group_id}/members", "groups/members/list", .seed, "A group's members by ordinal."),
        route(.put, "/api/groups/{group_id}/members/{member_id}", "groups/members/update", .seed, "Move a member.") { $0.hasBody = true },
        route(.delete, "/api/groups/{group_id}/members/{member_id}", "groups/members/remove", .seed, "Remove a member.") { $0.status = 204 },
    ]

    static let blackboard: [Route] = [
        route(.get, "/api/groups/{group_id}/blackboard", "blackboard/list", .seed, "A group's blackboard, newest first.") {
            $0.query = [.init("run_id"), .init("limit", .integer)]
            $0.response = SeedShapes.blackboardListResponse
        },
        route(.post, "/api/groups/{group_id}/blackboard", "blackboard/write", .seed, "Write to a group's blackboard.") {
            $0.status = 201
            $0.hasBody = true
            $0.request = SeedShapes.blackboardWriteRequest
            $0.response = SeedShapes.blackboardWriteResponse
        },
        route(.get, "/api/groups/{group_id}/blackboard/{entry_id}", "blackboard/get", .seed, "One blackboard entry.") {
            $0.response = SeedShapes.blackboardEntryResponse
        },
    ]

    static let skills: [Route] = [
        route(.post, "/api/skills", "skills/create", .seed, "Create a skill.") {
            $0.status = 201
            $0.hasBody = true
            $0.request = SeedShapes.skillCreateRequest
        },
        route(.get, "/api/skills", "skills/list", .seed, "The skills of the org and project, and those of the skills folders."),
        route(.get, "/api/skills/{skill_id}", "skills/get", .seed, "One skill, by id or name."),
        route(.put, "/api/skills/{skill_id}", "skills/update", .ours, "Change a stored skill's fields.") { $0.hasBody = true },
        route(.delete, "/api/skills/{skill_id}", "skills/delete", .seed, "Delete a stored skill.") { $0.status = 204 },
    ]

    static let memory: [Route] = [
        route(.post, "/api/memory", "memory/write", .ours, "Write a memory.") { $0.status = 201; $0.hasBody = true },
        route(.get, "/api/memory", "memory/list", .ours, "The scope's memories, newest first.") {
            $0.query = [.init("tier"), .init("limit", .integer), .init("cursor")]
        },
        route(.post, "/api/memory/search", "memory/search", .ours, "Hybrid search over memories.") { $0.hasBody = true },
        route(.get, "/api/memory/core", "memory/core/get", .ours, "The core memory blocks.") { $0.query = [.init("role_id")] },
        route(.put, "/api/memory/core/{label}", "memory/core/set", .ours, "Set a core memory block.") { $0.hasBody = true },
        route(.get, "/api/memory/{id}", "memory/get", .ours, "One memory, with its text."),
        route(.delete, "/api/memory/{id}", "memory/delete", .ours, "Delete a memory."),
    ]

    static let system: [Route] = [
        route(.get, "/health", "system/health", .seed, "Health of the adapter and its host.") {
            $0.scoped = false
            $0.isPublic = true
            $0.response = SeedShapes.healthResponse
        },
        route(.get, "/api/health", "system/health", .seed, "Health of the adapter and its host.") {
            $0.scoped = false
            $0.isPublic = true
            $0.response = SeedShapes.healthResponse
        },
        route(.get, "/api/tools", "tools/list", .ours, "The tools agents can call (built-in, MCP, skills)."),
        route(.get, "/api/mcp/servers", "mcp/servers/list", .ours, "The configured MCP servers and their state.") { $0.scoped = false },
        route(.get, "/api/openapi.json", "rpc.discover", .ours, "This document.") {
            $0.kind = .openAPI
            $0.scoped = false
        },
    ]

    static let ingestion: [Route] = [
        route(.post, "/api/feishu/connectors", "connectors/feishu/create", .seed, "Create a Feishu connector (project required).") {
            $0.status = 201
            $0.hasBody = true
        },
        route(.get, "/api/feishu/connectors", "connectors/feishu/list", .seed, "The Feishu connectors of the org and project."),
        route(.get, "/api/feishu/connectors/{connector_id}", "connectors/feishu/get", .seed, "One connector."),
        route(.patch, "/api/feishu/connectors/{connector_id}", "connectors/feishu/update", .seed, "Change a connector's name, status or config.") {
            $0.hasBody = true
        },
        route(.delete, "/api/feishu/connectors/{connector_id}", "connectors/feishu/delete", .ours, "Delete a connector (its memories stay).") {
            $0.status = 204
        },
        route(.post, "/api/feishu/connectors/{connector_id}/sync", "connectors/feishu/sync", .seed,
              "Sync now: the SyncJob, finished when wait (default true).") {
            $0.status = 202
            $0.hasBody = true
        },
        route(.get, "/api/feishu/connectors/{connector_id}/jobs", "connectors/feishu/jobs", .seed, "A connector's sync jobs, newest first.") {
            $0.query = [.init("limit", .integer)]
        },
        route(.post, "/api/ingest/pdf", "ingest/pdf", .ours, "Ingest a PDF (url or workspace path) into archival memory as a job.") {
            $0.status = 202
            $0.hasBody = true
        },
        route(.get, "/api/mineru/ingest-batch/{job_id}", "jobs/get", .seed, "A PDF ingestion job in the seed's shape.") {
            $0.response = SeedShapes.mineruJobResponse
        },
        route(.get, "/api/mineru/ingest-batch/{job_id}/progress", "jobs/events", .seed,
              "A PDF ingestion job's progress as server-sent events; `event: done` after the last.") {
            $0.kind = .jobStream
            $0.query = [.init("after_seq", .integer)]
        },
        route(.get, "/api/jobs", "jobs/list", .ours, "Jobs of the org and project, newest first.") {
            $0.query = [.init("kind"), .init("state"), .init("connector_id"), .init("limit", .integer)]
        },
        route(.get, "/api/jobs/{job_id}", "jobs/get", .ours, "One job: state, items, errors, result."),
        route(.post, "/api/jobs/{job_id}/cancel", "jobs/cancel", .ours, "Cancel a job."),
        route(.get, "/api/jobs/{job_id}/events", "jobs/events", .ours, "A page of a job's events after after_seq.") {
            $0.query = [.init("after_seq", .integer), .init("limit", .integer)]
        },
        route(.get, "/api/jobs/{job_id}/stream", "jobs/events", .ours, "A job's events as server-sent events (id: seq); `event: done` after the last.") {
            $0.kind = .jobStream
            $0.query = [.init("after_seq", .integer)]
        },
    ]

    /// The routes by how many segments their path has: a request is only matched against its peers.
    static let bySegmentCount: [Int: [Route]] = Dictionary(grouping: all) { $0.segments.count }

    static func route(_ verb: Route.Verb, _ path: String, _ method: String, _ origin: Route.Origin, _ summary: String,
                      _ configure: (inout Route) -> Void = { _ in }) -> Route {
        var route = Route(verb, path, method, origin, summary)
        configure(&route)
        return route
    }

    /// The route for a request, or why there is none: 404 for an unknown
    /// path, 405 (with the verbs it takes) for a known path and another verb.
    /// A literal segment wins over a `{name}` one: `/api/roles/batch-delete`
    /// is that path (POST only), never the role named batch-delete.
    public static func resolve(_ verb: String, _ path: some StringProtocol) -> Result<(Route, [String: String]), RESTError> {
        let given = path.split(separator: "/").map { Substring($0) }
        let matches = (bySegmentCount[given.count] ?? []).compactMap { route in route.match(given).map { (route, $0) } }
        guard let fewest = matches.map({ $0.1.count }).min() else { return .failure(.endpointNotFound) }
        let path = matches.filter { $0.1.count == fewest }
        // HEAD is GET without a body.
        if let found = path.first(where: { $0.0.verb.rawValue == verb || (verb == "HEAD" && $0.0.verb == .get) }) { return .success(found) }
        let verbs = Set(path.map(\.0.verb.rawValue))
        return .failure(.methodNotAllowed(Route.Verb.allCases.map(\.rawValue).filter(verbs.contains)))
    }
}
