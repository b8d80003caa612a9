import Foundation

/// A durable background job (a PDF ingestion, a connector sync): its state,
/// its progress counters and per-item errors, and its lease. JSON columns
/// cross as text (`spec`, `checkpoint`, `stats`, `errors`, `result`).
public struct Job: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var userID: String
    public var projectID: String?
    public var kind: String
    public var connectorID: String?
    public var trigger: String
    /// `pending`, `running`, `completed`, `failed` or `cancelled`.
    public var state: String
    public var spec: String
    public var checkpoint: String
    public var stats: String
    public var itemsTotal: Int
    public var itemsDone: Int
    public var errors: String
    public var result: String?
    public var errorMessage: String?
    public var cancelRequested: Bool
    public var leaseOwner: String?
    public var leaseUntil: Date?
    public var attempts: Int
    public var lastSeq: Int64
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var updatedAt: Date

    public var isFinished: Bool { ["completed", "failed", "cancelled"].contains(state) }

    /// The scope the job acts in (the user who started it).
    public var scope: Scope { Scope(trusted: orgID, userID: userID, projectKey: projectID ?? "") }
}

extension Job: RowDecodable {
    static let columns = """
    org_id, id, user_id, project_id, kind, connector_id, trigger, state, spec, checkpoint, stats, items_total, items_done, errors, \
    result, error_message, cancel_requested, lease_owner, lease_until, attempts, last_seq, created_at, started_at, finished_at, updated_at
    """

    public init(row: Row) throws {
        let project = try row.string("project_id")
        self.init(
            id: try row.string("id"), orgID: try row.string("org_id"), userID: try row.string("user_id"),
            projectID: project.isEmpty ? nil : project, kind: try row.string("kind"), connectorID: row.optionalString("connector_id"),
            trigger: try row.string("trigger"), state: try row.string("state"), spec: try row.string("spec"),
            checkpoint: try row.string("checkpoint"), stats: try row.string("stats"), itemsTotal: try row.int("items_total"),
            itemsDone: try row.int("items_done"), errors: try row.string("errors"), result: row.optionalString("result"),
            errorMessage: row.optionalString("error_message"), cancelRequested: try row.int("cancel_requested") != 0,
            leaseOwner: row.optionalString("lease_owner"), leaseUntil: row.optionalDate("lease_until"), attempts: try row.int("attempts"),
            lastSeq: try row.int64("last_seq"), createdAt: try row.date("created_at"), startedAt: row.optionalDate("started_at"),
            finishedAt: row.optionalDate("finished_at"), updatedAt: try row.date("updated_at"))
    }
}

/// What `JobRepository.create` stores.
public struct NewJob: Sendable, Hashable {
    public var id: String?
    public var kind: String
    public var connectorID: String?
    public var trigger: String
    /// JSON text: what the job is to do.
    public var spec: String

    public init(id: String? = nil, kind: String, connectorID: String? = nil, trigger: String = "manual", spec: String) {
        self.id = id
        self.kind = kind
        self.connectorID = connectorID
        self.trigger = trigger
        self.spec = spec
    }
}

/// One stored job event: `seq` is dense per job, from 1.
public struct JobEvent: Sendable, Hashable, RowDecodable {
    public var jobID: String
    public var seq: Int64
    public var type: String
    /// JSON text.
    public var payload: String
    public var createdAt: Date

    public init(row: Row) throws {
        jobID = try row.string("job_id")
        seq = try row.int64("seq")
        type = try row.string("type")
        payload = try row.string("payload")
        createdAt = try row.date("created_at")
    }
}

/// A progress write: counters, errors and checkpoint as the runner has them
/// now (JSON text), and the event to append with them.
public struct JobProgress: Sendable, Hashable {
    public var itemsTotal: Int
    public var itemsDone: Int
    public var errors: String
    public var checkpoint: String
    public var stats: String

    public init(itemsTotal: Int, itemsDone: Int, errors: String, checkpoint: String, stats: String) {
        self.itemsTotal = itemsTotal
        self.itemsDone = itemsDone
        self.errors = errors
        self.checkpoint = checkpoint
        self.stats = stats
    }
}
