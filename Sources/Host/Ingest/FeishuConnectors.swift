import JSON
import RPC
import Runtime

/// `connectors/feishu/create`.
enum FeishuCreate: HostMethod {
    static let name = "connectors/feishu/create"
    static let summary = "Creates a Feishu connector in the caller's (org, project); a project is required. config takes the seed's keys with their ranges and defaults."

    struct Params: Decodable, Sendable, Scoped {
        var name: String
        var status: String?
        var config: JSONValue
        var scope: ScopeParams?
    }

    typealias Result = ConnectorView
    static let paramsSchema = Schema.object([
        "name": Schema.string(minLength: 1, maxLength: 256), "status": FeishuSchemas.status, "config": FeishuSchemas.config, "scope": ScopeParams.schema,
    ], required: ["name", "config"])
    static let resultSchema = FeishuSchemas.connector
    static let example = FeishuSchemas.exampleConnector

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        ConnectorView(try await context.runtime().feishu.create(name: p.name, status: p.status, config: p.config, in: try await context.scope(of: p)))
    }
}

/// `connectors/feishu/list`.
enum FeishuList: HostMethod {
    static let name = "connectors/feishu/list"
    static let summary = "The Feishu connectors of the caller's (org, project), newest first."
    struct Params: Decodable, Sendable, Scoped { var scope: ScopeParams? }
    struct Result: Encodable, Sendable { var connectors: [ConnectorView] }
    static let paramsSchema = Schema.object(["scope": ScopeParams.schema])
    static let resultSchema = Schema.object(["connectors": Schema.array(FeishuSchemas.connector)], required: ["connectors"])
    static let example = Result(connectors: [FeishuSchemas.exampleConnector])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(connectors: try await context.runtime().feishu.list(in: try await context.scope(of: p)).map(ConnectorView.init))
    }
}

/// `connectors/feishu/get`.
enum FeishuGet: HostMethod {
    static let name = "connectors/feishu/get"
    static let summary = "One Feishu connector of the caller's (org, project)."
    typealias Params = ConnectorParams
    typealias Result = ConnectorView
    static let paramsSchema = ConnectorParams.schema
    static let resultSchema = FeishuSchemas.connector
    static let example = FeishuSchemas.exampleConnector

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        ConnectorView(try await context.runtime().feishu.get(p.connectorID, in: try await context.scope(of: p)))
    }
}

/// `connectors/feishu/update`.
enum FeishuUpdate: HostMethod {
    static let name = "connectors/feishu/update"
    static let summary = "Changes a connector's name, status or config (a new config replaces the old one whole)."

    struct Params: Decodable, Sendable, Scoped {
        var connectorID: String
        var name: String?
        var status: String?
        var config: JSONValue?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case connectorID = "connector_id", name, status, config, scope }
    }

    typealias Result = ConnectorView
    static let paramsSchema = Schema.object([
        "connector_id": FeishuSchemas.connectorID, "name": Schema.string(minLength: 1, maxLength: 256), "status": FeishuSchemas.status,
        "config": FeishuSchemas.config, "scope": ScopeParams.schema,
    ], required: ["connector_id"])
    static let resultSchema = FeishuSchemas.connector
    static let example = FeishuSchemas.exampleConnector

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        ConnectorView(try await context.runtime().feishu.update(p.connectorID, name: p.name, status: p.status, config: p.config,
                                                                in: try await context.scope(of: p)))
    }
}

/// `connectors/feishu/delete`.
enum FeishuDelete: HostMethod {
    static let name = "connectors/feishu/delete"
    static let summary = "Deletes a connector and its finished sync jobs; the memories it ingested stay."
    typealias Params = ConnectorParams
    struct Result: Encodable, Sendable { var deleted: Bool }
    static let paramsSchema = ConnectorParams.schema
    static let resultSchema = Schema.object(["deleted": Schema.boolean], required: ["deleted"])
    static let example = Result(deleted: true)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        try await context.runtime().feishu.delete(p.connectorID, in: try await context.scope(of: p))
        return Result(deleted: true)
    }
}

/// `connectors/feishu/sync`.
enum FeishuSync: HostMethod {
    static let name = "connectors/feishu/sync"
    static let summary = "Syncs a connector now as a durable job (the one already pending or running if any) and answers the seed's SyncJob plus items_total, items_done and errors[]: finished when wait (default true). Disabled Feishu is -32016 (FEISHU_SYNC_DISABLED)."

    struct Params: Decodable, Sendable, Scoped {
        var connectorID: String
        var wait: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case connectorID = "connector_id", wait, scope }
    }

    typealias Result = SyncJobView
    static let paramsSchema = Schema.object(["connector_id": FeishuSchemas.connectorID, "wait": Schema.boolean, "scope": ScopeParams.schema],
                                            required: ["connector_id"])
    static let resultSchema = FeishuSchemas.syncJob
    static let example = FeishuSchemas.exampleSync

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        SyncJobView(try await context.runtime().feishu.sync(p.connectorID, wait: p.wait ?? true, in: try await context.scope(of: p)))
    }
}

/// `connectors/feishu/jobs`.
enum FeishuJobs: HostMethod {
    static let name = "connectors/feishu/jobs"
    static let summary = "A connector's sync jobs, newest first (limit 1..100, default 20)."

    struct Params: Decodable, Sendable, Scoped {
        var connectorID: String
        var limit: Int?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey { case connectorID = "connector_id", limit, scope }
    }

    struct Result: Encodable, Sendable { var jobs: [SyncJobView] }
    static let paramsSchema = Schema.object(["connector_id": FeishuSchemas.connectorID, "limit": Schema.integer(minimum: 1, maximum: 100),
                                             "scope": ScopeParams.schema], required: ["connector_id"])
    static let resultSchema = Schema.object(["jobs": Schema.array(FeishuSchemas.syncJob)], required: ["jobs"])
    static let example = Result(jobs: [FeishuSchemas.exampleSync])

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(jobs: try await context.runtime().feishu.syncJobs(p.connectorID, limit: p.limit ?? 20, in: try await context.scope(of: p)).map(SyncJobView.init))
    }
}
