import JSON
import Runtime

/// `jobs/get`.
enum JobsGet: HostMethod {
    static let name = "jobs/get"
    static let summary = "A job of the caller's (org, project): its state, items_total / items_done, per-item errors, stats and result."
    typealias Params = JobParams
    typealias Result = JobView
    static let paramsSchema = JobParams.schema
    static let resultSchema = JobSchemas.job
    static let example = JobSchemas.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        JobView(try await context.runtime().jobs.get(p.jobID, in: try await context.scope(of: p)))
    }
}

/// `jobs/list`.
enum JobsList: HostMethod {
    static let name = "jobs/list"
    static let summary = "Jobs of the caller's (org, project), newest first; kind, state and connector_id narrow the list."

    struct Params: Decodable, Sendable, Scoped {
        var kind: String?
        var state: String?
        var connectorID: String?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case kind, state, limit, scope, connectorID = "connector_id" }
    }

    struct Result: Encodable, Sendable { var jobs: [JobView] }

    static let paramsSchema = Schema.object([
        "kind": Schema.oneOf(strings: ["pdf_ingest", "feishu_sync"]), "state": Schema.oneOf(strings: JobSchemas.states),
        "connector_id": SafeIDSchema.id, "limit": Schema.integer(minimum: 1, maximum: 100), "scope": ScopeParams.schema,
    ])
    static let resultSchema = Schema.object(["jobs": Schema.array(JobSchemas.job)], required: ["jobs"])
    static let example = Result(jobs: [JobSchemas.example])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let jobs = try await context.runtime().jobs.list(in: try await context.scope(of: p), kind: p.kind, connectorID: p.connectorID,
                                                         state: p.state, limit: p.limit ?? 20)
        return Result(jobs: jobs.map(JobView.init))
    }
}

/// `jobs/cancel`.
enum JobsCancel: HostMethod {
    static let name = "jobs/cancel"
    static let summary = "Cancels a job: a pending one at once, a running one at its next progress report (work already stored stays). A finished job is -32005."
    typealias Params = JobParams
    typealias Result = JobView
    static let paramsSchema = JobParams.schema
    static let resultSchema = JobSchemas.job
    static let example = JobSchemas.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        JobView(try await context.runtime().jobs.cancel(p.jobID, in: try await context.scope(of: p)))
    }
}

/// `jobs/events`: a page of a job's stored events.
enum JobsEvents: HostMethod {
    static let name = "jobs/events"
    static let summary = "A job's stored events after after_seq (job.progress, job.completed, job.failed, job.cancelled), in seq order."

    struct Params: Decodable, Sendable, Scoped {
        var jobID: String
        var afterSeq: Int64?
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case jobID = "job_id", afterSeq = "after_seq", limit, scope }
    }

    struct Result: Encodable, Sendable {
        var events: [JobEventView]
        var state: String
        var nextSeq: Int64
        enum CodingKeys: String, CodingKey { case events, state, nextSeq = "next_seq" }
    }

    static let paramsSchema = Schema.object([
        "job_id": JobSchemas.jobID, "after_seq": Schema.integer(minimum: 0), "limit": Schema.integer(minimum: 1, maximum: 1000),
        "scope": ScopeParams.schema,
    ], required: ["job_id"])
    static let resultSchema = Schema.object([
        "events": Schema.array(JobSchemas.event), "state": Schema.oneOf(strings: JobSchemas.states), "next_seq": Schema.integer(minimum: 0),
    ], required: ["events", "state", "next_seq"])
    static let example = Result(events: [JobEventView(jobID: "job_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", seq: 1, type: "job.progress",
                                                      payload: ["items_total": 1, "items_done": 0, "phase": "counted"],
                                                      createdAt: "2026-12-06T21:00:00.100Z")],
                                state: "running", nextSeq: 1)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let scope = try await context.scope(of: p)
        let jobs = try await context.runtime().jobs
        let job = try await jobs.get(p.jobID, in: scope)
        let events = try await jobs.events(p.jobID, in: scope, afterSeq: p.afterSeq ?? 0, limit: p.limit ?? 200)
        return Result(events: events.map(JobEventView.init), state: job.state, nextSeq: events.last?.seq ?? p.afterSeq ?? 0)
    }
}
