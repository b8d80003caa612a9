import Foundation
import JSON
import Store

/// A job as `jobs/get` and `jobs/list` answer it. `status` repeats `state`
/// under the seed's SyncJob name; `ended_at` repeats `finished_at`.
public struct JobView: Encodable, Sendable {
    public var id: String
    public var kind: String
    public var state: String
    public var status: String
    public var trigger: String
    public var connectorID: String?
    public var itemsTotal: Int
    public var itemsDone: Int
    public var errors: JSONValue
    public var stats: JSONValue
    public var result: JSONValue?
    public var errorMessage: String?
    public var cancelRequested: Bool
    public var attempts: Int
    public var lastSeq: Int64
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    public var endedAt: String?
    public var createdBy: String

    enum CodingKeys: String, CodingKey {
        case id, kind, state, status, trigger, errors, stats, result, attempts
        case connectorID = "connector_id", itemsTotal = "items_total", itemsDone = "items_done", errorMessage = "error_message"
        case cancelRequested = "cancel_requested", lastSeq = "last_seq", createdAt = "created_at", startedAt = "started_at"
        case finishedAt = "finished_at", endedAt = "ended_at", createdBy = "created_by"
    }

    /// A view from its parts (examples, tests).
    public init(id: String, kind: String, state: String, trigger: String, connectorID: String?, itemsTotal: Int, itemsDone: Int,
                errors: JSONValue, stats: JSONValue, result: JSONValue?, errorMessage: String? = nil, attempts: Int, lastSeq: Int64,
                createdAt: String, startedAt: String?, finishedAt: String?, createdBy: String) {
        self.id = id
        self.kind = kind
        self.state = state
        status = state
        self.trigger = trigger
        self.connectorID = connectorID
        self.itemsTotal = itemsTotal
        self.itemsDone = itemsDone
        self.errors = errors
        self.stats = stats
        self.result = result
        self.errorMessage = errorMessage
        cancelRequested = false
        self.attempts = attempts
        self.lastSeq = lastSeq
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        endedAt = finishedAt
        self.createdBy = createdBy
    }

    public init(_ job: Job) {
        id = job.id
        kind = job.kind
        state = job.state
        status = job.state
        trigger = job.trigger
        connectorID = job.connectorID
        itemsTotal = job.itemsTotal
        itemsDone = job.itemsDone
        errors = (try? JSONParser.parse(job.errors)) ?? []
        stats = (try? JSONParser.parse(job.stats)) ?? [:]
        result = job.result.flatMap { try? JSONParser.parse($0) }
        errorMessage = job.errorMessage
        cancelRequested = job.cancelRequested
        attempts = job.attempts
        lastSeq = job.lastSeq
        createdAt = ISO8601.format(job.createdAt)
        startedAt = job.startedAt.map(ISO8601.format)
        finishedAt = job.finishedAt.map(ISO8601.format)
        endedAt = finishedAt
        createdBy = job.userID
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(state, forKey: .state)
        try c.encode(status, forKey: .status)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(connectorID, forKey: .connectorID)
        try c.encode(itemsTotal, forKey: .itemsTotal)
        try c.encode(itemsDone, forKey: .itemsDone)
        try c.encode(errors, forKey: .errors)
        try c.encode(stats, forKey: .stats)
        try c.encode(result, forKey: .result)
        try c.encode(errorMessage, forKey: .errorMessage)
        try c.encode(cancelRequested, forKey: .cancelRequested)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(lastSeq, forKey: .lastSeq)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(endedAt, forKey: .endedAt)
        try c.encode(createdBy, forKey: .createdBy)
    }
}

/// A job event on the wire: `{job_id, seq, type, payload, created_at}`.
public struct JobEventView: Encodable, Sendable {
    public var jobID: String
    public var seq: Int64
    public var type: String
    public var payload: JSONValue
    public var createdAt: String

    enum CodingKeys: String, CodingKey { case seq, type, payload, jobID = "job_id", createdAt = "created_at" }

    public init(_ event: JobEvent) {
        jobID = event.jobID
        seq = event.seq
        type = event.type
        payload = (try? JSONParser.parse(event.payload)) ?? [:]
        createdAt = ISO8601.format(event.createdAt)
    }

    public init(jobID: String, seq: Int64, type: String, payload: JSONValue, createdAt: String) {
        self.jobID = jobID
        self.seq = seq
        self.type = type
        self.payload = payload
        self.createdAt = createdAt
    }

    public var isTerminal: Bool { ["job.completed", "job.failed", "job.cancelled"].contains(type) }
}
