import JSON
import Store

/// A Feishu connector as the methods answer it. Credentials are never part
/// of it: they live in `feishu.*` only.
public struct ConnectorView: Encodable, Sendable {
    public var id: String
    public var orgID: String
    public var projectID: String?
    public var name: String
    public var status: String
    public var config: JSONValue
    public var createdBy: String
    public var lastSyncAt: String?
    public var lastSuccessAt: String?
    public var lastError: String?
    public var createdAt: String
    public var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, status, config
        case orgID = "org_id", projectID = "project_id", createdBy = "created_by", lastSyncAt = "last_sync_at", lastSuccessAt = "last_success_at"
        case lastError = "last_error", createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(_ c: Connector) {
        id = c.id
        orgID = c.orgID
        projectID = c.projectID
        name = c.name
        status = c.status
        config = (try? JSONParser.parse(c.config)) ?? [:]
        createdBy = c.createdBy
        lastSyncAt = c.lastSyncAt.map(ISO8601.format)
        lastSuccessAt = c.lastSuccessAt.map(ISO8601.format)
        lastError = c.lastError
        createdAt = ISO8601.format(c.createdAt)
        updatedAt = ISO8601.format(c.updatedAt)
    }

    public init(id: String, orgID: String, projectID: String?, name: String, status: String, config: JSONValue, createdBy: String,
                createdAt: String) {
        self.id = id
        self.orgID = orgID
        self.projectID = projectID
        self.name = name
        self.status = status
        self.config = config
        self.createdBy = createdBy
        self.createdAt = createdAt
        updatedAt = createdAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(orgID, forKey: .orgID)
        try c.encode(projectID, forKey: .projectID)
        try c.encode(name, forKey: .name)
        try c.encode(status, forKey: .status)
        try c.encode(config, forKey: .config)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(lastSyncAt, forKey: .lastSyncAt)
        try c.encode(lastSuccessAt, forKey: .lastSuccessAt)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A sync as the seed's SyncJob, plus the job's progress: `id, connector_id,
/// trigger, status, started_at, ended_at, stats{…}, error_message,
/// items_total, items_done, errors[]`.
public struct SyncJobView: Encodable, Sendable {
    public var job: JobView
    static let statKeys = ["discovered", "processed", "skipped", "failed", "docx_docs", "bitable_tables", "chunk_count"]

    public init(_ job: Job) { self.job = JobView(job) }
    public init(_ view: JobView) { job = view }

    enum CodingKeys: String, CodingKey {
        case id, trigger, status, stats, errors
        case connectorID = "connector_id", startedAt = "started_at", endedAt = "ended_at", errorMessage = "error_message"
        case itemsTotal = "items_total", itemsDone = "items_done", createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(job.id, forKey: .id)
        try c.encode(job.connectorID, forKey: .connectorID)
        try c.encode(job.trigger, forKey: .trigger)
        try c.encode(job.state, forKey: .status)
        try c.encode(job.startedAt, forKey: .startedAt)
        try c.encode(job.endedAt, forKey: .endedAt)
        var stats = job.stats.objectValue ?? [:]
        for key in Self.statKeys where stats[key] == nil { stats[key] = 0 }
        try c.encode(JSONValue.object(stats), forKey: .stats)
        try c.encode(job.errorMessage, forKey: .errorMessage)
        try c.encode(job.itemsTotal, forKey: .itemsTotal)
        try c.encode(job.itemsDone, forKey: .itemsDone)
        try c.encode(job.errors, forKey: .errors)
        try c.encode(job.createdAt, forKey: .createdAt)
    }
}
