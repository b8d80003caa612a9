import JSON
import Runtime

/// Schemas the Feishu connector methods share (the seed's ranges).
enum FeishuSchemas {
    static let connectorID = SafeIDSchema.id(description: "A connector id (fconn_…).")
    static let tokens = Schema.array(Schema.string(minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9_-]+$"), maxItems: 500)
    static let config = Schema.object([
        "folder_tokens": tokens, "wiki_node_tokens": tokens, "file_tokens": tokens, "bitable_app_tokens": tokens,
        "poll_interval_seconds": Schema.integer(minimum: 60, maximum: 86_400), "max_docs_per_sync": Schema.integer(minimum: 1, maximum: 1000),
        "max_records_per_table": Schema.integer(minimum: 1, maximum: 5000),
        "chunking": Schema.object([
            "target_tokens": Schema.integer(minimum: 120, maximum: 2000), "max_tokens": Schema.integer(minimum: 240, maximum: 4000),
            "min_tokens": Schema.integer(minimum: 40, maximum: 1200), "media_context_blocks": Schema.integer(minimum: 0, maximum: 4),
        ]),
    ])
    static let status = Schema.oneOf(strings: ["active", "paused"])
    static let connector = Schema.object([
        "id": Schema.string(), "org_id": Schema.string(), "project_id": Schema.nullable(Schema.string()), "name": Schema.string(),
        "status": status, "config": Schema.map(Schema.any), "created_by": Schema.string(),
        "last_sync_at": Schema.nullable(Schema.timestamp), "last_success_at": Schema.nullable(Schema.timestamp),
        "last_error": Schema.nullable(Schema.string()), "created_at": Schema.timestamp, "updated_at": Schema.timestamp,
    ], required: ["id", "org_id", "project_id", "name", "status", "config", "created_by", "created_at", "updated_at"])
    static let syncJob = Schema.object([
        "id": Schema.string(), "connector_id": Schema.nullable(Schema.string()), "trigger": Schema.oneOf(strings: ["manual", "poll", "webhook"]),
        "status": Schema.oneOf(strings: JobSchemas.states), "started_at": Schema.nullable(Schema.timestamp), "ended_at": Schema.nullable(Schema.timestamp),
        "stats": Schema.object(["discovered": Schema.integer(minimum: 0), "processed": Schema.integer(minimum: 0), "skipped": Schema.integer(minimum: 0),
                                "failed": Schema.integer(minimum: 0), "docx_docs": Schema.integer(minimum: 0), "bitable_tables": Schema.integer(minimum: 0),
                                "chunk_count": Schema.integer(minimum: 0)],
                               required: ["discovered", "processed", "skipped", "failed", "docx_docs", "bitable_tables", "chunk_count"]),
        "error_message": Schema.nullable(Schema.string()), "items_total": Schema.integer(minimum: 0), "items_done": Schema.integer(minimum: 0),
        "errors": Schema.array(Schema.map(Schema.any)), "created_at": Schema.timestamp,
    ], required: ["id", "connector_id", "trigger", "status", "stats", "items_total", "items_done", "errors"])

    static let exampleConnector = ConnectorView(
        id: "fconn_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", orgID: "org_default", projectID: "p1", name: "Team wiki", status: "active",
        config: FeishuConnectorConfig(["wiki_node_tokens": ["wikcnKQ1k3p"]]).json, createdBy: "user_default", createdAt: "2026-12-06T21:00:00.000Z")
    static let exampleSync: SyncJobView = {
        var view = JobView.example
        view.id = "fsjob_01MB4ZC8J6WQ2N3P5R7T9V1X3Z"
        view.kind = "feishu_sync"
        view.connectorID = "fconn_01MB4ZC8J6WQ2N3P5R7T9V1X3Z"
        view.stats = ["discovered": 1, "processed": 1, "skipped": 0, "failed": 0, "docx_docs": 1, "bitable_tables": 0, "chunk_count": 3]
        return SyncJobView(view)
    }()
}

/// The params of methods that name one connector.
struct ConnectorParams: Decodable, Sendable, Scoped {
    var connectorID: String
    var scope: ScopeParams?
    enum CodingKeys: String, CodingKey { case connectorID = "connector_id", scope }
    static let schema = Schema.object(["connector_id": FeishuSchemas.connectorID, "scope": ScopeParams.schema], required: ["connector_id"])
}
