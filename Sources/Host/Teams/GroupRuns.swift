import JSON
import RPC
import Runtime
import Store

/// `groups/stats`.
enum GroupsStats: HostMethod {
    static let name = "groups/stats"
    static let summary = "Counts of the group's runs in the caller's private scope: run_count, completed_count, failed_count, success_rate, avg_duration_ms."
    typealias Params = GroupParams

    struct Result: Encodable, Sendable {
        var groupID: String
        var runCount: Int
        var completedCount: Int
        var failedCount: Int
        var successRate: Double
        var avgDurationMs: Double?

        enum CodingKeys: String, CodingKey {
            case groupID = "group_id", runCount = "run_count", completedCount = "completed_count", failedCount = "failed_count"
            case successRate = "success_rate", avgDurationMs = "avg_duration_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(groupID, forKey: .groupID)
            try c.encode(runCount, forKey: .runCount)
            try c.encode(completedCount, forKey: .completedCount)
            try c.encode(failedCount, forKey: .failedCount)
            try c.encode(successRate, forKey: .successRate)
            try c.encode(avgDurationMs, forKey: .avgDurationMs)
        }
    }

    static let paramsSchema = GroupParams.schema
    static let resultSchema = Schema.object([
        "group_id": Schema.string(), "run_count": Schema.integer(minimum: 0), "completed_count": Schema.integer(minimum: 0),
        "failed_count": Schema.integer(minimum: 0), "success_rate": Schema.number(minimum: 0, maximum: 1),
        "avg_duration_ms": Schema.nullable(Schema.number(minimum: 0)),
    ], required: ["group_id", "run_count", "completed_count", "failed_count", "success_rate", "avg_duration_ms"])
    static let example = Result(groupID: TeamSchemas.exampleGroup.id, runCount: 4, completedCount: 3, failedCount: 1, successRate: 0.75,
                                avgDurationMs: 8420.5)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let stats = try await context.runtime().teams.groupStats(p.groupID, in: try await context.scope(of: p))
        // SQL time arithmetic can come out a hair below zero for a run that took no time.
        return Result(groupID: p.groupID, runCount: stats.runCount, completedCount: stats.completedCount, failedCount: stats.failedCount,
                      successRate: stats.successRate, avgDurationMs: stats.avgDurationMs.map { max(0, $0) })
    }
}

/// `groups/runs`: the group's run history.
enum GroupsRuns: HostMethod {
    static let name = "groups/runs"
    static let summary = "The group's runs in the caller's private scope, newest first."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var limit: Int?
        var offset: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", limit, offset, scope }
    }

    /// A group run in the history: the seed's short form of a run.
    struct Row: Encodable, Sendable {
        var runID: String
        var status: String
        var input: String
        var output: String?
        var createdAt: String
        var endedAt: String?
        var durationMs: Int64?

        init(_ run: RunView) {
            runID = run.runID
            status = run.status
            input = run.input
            output = run.output
            createdAt = run.createdAt
            endedAt = run.endedAt
            durationMs = run.durationMs
        }

        enum CodingKeys: String, CodingKey {
            case status, input, output
            case runID = "run_id", createdAt = "created_at", endedAt = "ended_at", durationMs = "duration_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(runID, forKey: .runID)
            try c.encode(status, forKey: .status)
            try c.encode(input, forKey: .input)
            try c.encode(output, forKey: .output)
            try c.encode(createdAt, forKey: .createdAt)
            try c.encode(endedAt, forKey: .endedAt)
            try c.encode(durationMs, forKey: .durationMs)
        }
    }

    struct Result: Encodable, Sendable { var runs: [Row] }

    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id, "limit": Schema.integer(minimum: 1, maximum: 100), "offset": Schema.integer(minimum: 0, maximum: 1_000_000),
        "scope": ScopeParams.schema,
    ], required: ["group_id"])
    static let resultSchema = Schema.object(["runs": Schema.array(Schema.object([
        "run_id": Schema.string(), "status": RunSchemas.status, "input": Schema.string(), "output": Schema.nullable(Schema.string()),
        "created_at": Schema.timestamp, "ended_at": TeamSchemas.timestampOrNull, "duration_ms": Schema.nullable(Schema.integer(minimum: 0)),
    ], required: ["run_id", "status", "input", "created_at", "ended_at", "duration_ms"]))], required: ["runs"])
    static let example = Result(runs: [Row(GroupRunsCreate.exampleParent)])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let runs = try await context.runtime().teams.groupRuns(p.groupID, limit: p.limit ?? 20, offset: p.offset ?? 0, in: try await context.scope(of: p))
        return Result(runs: runs.map { Row(RunView($0)) })
    }
}

/// `groups/runs/create`: a group run.
enum GroupRunsCreate: HostMethod {
    static let name = "groups/runs/create"
    static let summary = "Queues a group run: a parent run (agent group:<id>) and one member run per role; the lead's decision is the parent's output. Needs exactly one lead and at least one other member (-32005)."

    struct Params: Decodable, Sendable, Scoped {
        var groupID: String
        var input: String
        var sessionKey: String?
        var llmConfig: RunsCreate.LLMConfig?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case groupID = "group_id", input, sessionKey = "session_key", llmConfig = "llm_config", scope }
    }

    /// The parent run as `runs/get` shows it, plus its member runs.
    struct Result: Encodable, Sendable {
        var run: RunView
        var children: [Child]

        struct Child: Encodable, Sendable {
            var runID: String
            var roleID: String
            var sessionKey: String
            enum CodingKeys: String, CodingKey { case runID = "run_id", roleID = "role_id", sessionKey = "session_key" }
        }

        enum CodingKeys: String, CodingKey { case children }

        func encode(to encoder: any Encoder) throws {
            // One object: the run's fields and `children` beside them.
            try run.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(children, forKey: .children)
        }
    }

    static let paramsSchema = Schema.object([
        "group_id": TeamSchemas.id,
        "input": Schema.string(minLength: 1, description: "At most limits.inputBytes (1,000,000) bytes of UTF-8; more is -32011."),
        "session_key": RunSchemas.sessionKey,
        "llm_config": RunsCreate.LLMConfig.schema,
        "scope": ScopeParams.schema,
    ], required: ["group_id", "input"])
    static let resultSchema: JSONValue = {
        guard case .object(var schema) = RunSchemas.run, case .object(var properties) = schema["properties"] else { return RunSchemas.run }
        properties["children"] = Schema.array(Schema.object([
            "run_id": Schema.string(), "role_id": Schema.string(), "session_key": Schema.string(),
        ], required: ["run_id", "role_id", "session_key"]))
        schema["properties"] = .object(properties)
        return .object(schema)
    }()

    /// A group run just queued.
    static let exampleParent = RunView(
        runID: "run_01MB4ZC8J6WQ2N3P5R7T9V1X40", sessionKey: "s_default", agentID: "group:" + TeamSchemas.exampleGroup.id, status: "pending",
        input: "Which database?", createdAt: "2026-12-06T21:00:00.000Z", startedAt: "2026-12-06T21:00:00.000Z",
        groupID: TeamSchemas.exampleGroup.id, scope: .init(orgID: "acme", userID: "ann", projectID: "atlas"))
    static let example = Result(run: exampleParent, children: [
        .init(runID: "run_01MB4ZC8J6WQ2N3P5R7T9V1X41", roleID: TeamSchemas.exampleRole.id, sessionKey: "-"),
        .init(runID: "run_01MB4ZC8J6WQ2N3P5R7T9V1X42", roleID: "role_01MB4ZC8J6WQ2N3P5R7T9V1X44", sessionKey: "-"),
    ])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try PayloadLimits.check(p.input, limit: context.host.limits.inputBytes, path: "params.input")
        let created = try await context.runtime().teams.createRun(group: p.groupID, input: p.input, sessionKey: p.sessionKey,
                                                                  llm: p.llmConfig?.agent ?? AgentSpec(), in: try await context.scope(of: p))
        return Result(run: RunView(created.parent), children: created.children.map {
            .init(runID: $0.id, roleID: $0.roleID ?? "", sessionKey: $0.sessionKey)
        })
    }
}
