import JSON
import Runtime

/// Schemas the jobs methods share.
enum JobSchemas {
    static let jobID = SafeIDSchema.id(description: "A job id (job_… for ingestion, fsjob_… for Feishu syncs).")
    static let states = ["pending", "running", "completed", "failed", "cancelled"]
    static let job = Schema.object([
        "id": Schema.string(), "kind": Schema.oneOf(strings: ["pdf_ingest", "feishu_sync"]), "state": Schema.oneOf(strings: states),
        "status": Schema.oneOf(strings: states), "trigger": Schema.oneOf(strings: ["manual", "poll", "webhook"]),
        "connector_id": Schema.nullable(Schema.string()), "items_total": Schema.integer(minimum: 0), "items_done": Schema.integer(minimum: 0),
        "errors": Schema.array(Schema.object(["item": Schema.string(), "message": Schema.string()], required: ["item", "message"])),
        "stats": Schema.map(Schema.any), "result": Schema.any, "error_message": Schema.nullable(Schema.string()),
        "cancel_requested": Schema.boolean, "attempts": Schema.integer(minimum: 0), "last_seq": Schema.integer(minimum: 0),
        "created_at": Schema.timestamp, "started_at": Schema.nullable(Schema.timestamp), "finished_at": Schema.nullable(Schema.timestamp),
        "ended_at": Schema.nullable(Schema.timestamp), "created_by": Schema.string(),
    ], required: ["id", "kind", "state", "status", "trigger", "items_total", "items_done", "errors", "stats", "created_at", "attempts", "last_seq"])
    static let eventTypes = ["job.progress", "job.completed", "job.failed", "job.cancelled"]
    static let event = Schema.object([
        "job_id": Schema.string(), "seq": Schema.integer(minimum: 1), "type": Schema.oneOf(strings: eventTypes),
        "payload": Schema.map(Schema.any), "created_at": Schema.timestamp,
    ], required: ["job_id", "seq", "type", "payload", "created_at"])

    static let example: JobView = {
        var view = JobView.example
        view.kind = "pdf_ingest"
        return view
    }()
}

extension JobView {
    /// A finished PDF ingestion, for the methods' examples.
    static var example: JobView {
        JobView(id: "job_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", kind: "pdf_ingest", state: "completed", trigger: "manual", connectorID: nil,
                itemsTotal: 1, itemsDone: 1, errors: [], stats: [:],
                result: ["memory_id": "9b2f8c1e-0c7e-4c55-a1a5-3f0d8f7c2b11", "chunk_count": 3, "page_count": 2, "parser": "pdftotext"],
                attempts: 1, lastSeq: 4, createdAt: "2026-12-06T21:00:00.000Z", startedAt: "2026-12-06T21:00:00.100Z",
                finishedAt: "2026-12-06T21:00:01.500Z", createdBy: "user_default")
    }
}

/// The params of methods that name one job.
struct JobParams: Decodable, Sendable, Scoped {
    var jobID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case jobID = "job_id", scope }
    static let schema = Schema.object(["job_id": JobSchemas.jobID, "scope": ScopeParams.schema], required: ["job_id"])
}
