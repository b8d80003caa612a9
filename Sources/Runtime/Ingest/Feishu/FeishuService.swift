import Foundation
import JSON
import Store

/// Feishu connectors of an (org, project) — a project is required, as in
/// the seed — and their syncs, which are durable jobs (`feishu_sync`).
public final class FeishuService: Sendable {
    public let settings: FeishuSettings
    let connectors: ConnectorRepository
    let jobs: JobService
    static let kind = "feishu"

    init(settings: FeishuSettings, connectors: ConnectorRepository, jobs: JobService) {
        self.settings = settings
        self.connectors = connectors
        self.jobs = jobs
    }

    static func requireProject(_ scope: Scope) throws {
        if scope.projectID == nil { throw RuntimeError.invalid("project_id is required for Feishu connectors", path: "params.scope.project_id") }
    }

    public func create(name: String, status: String?, config: JSONValue, in scope: Scope) async throws -> Connector {
        try Self.requireProject(scope)
        return try await connectors.create(kind: Self.kind, name: name, status: status ?? "active",
                                           config: FeishuConnectorConfig(config).json.description, in: scope)
    }

    public func list(in scope: Scope) async throws -> [Connector] {
        try Self.requireProject(scope)
        return try await connectors.list(kind: Self.kind, in: scope)
    }

    public func get(_ id: String, in scope: Scope) async throws -> Connector {
        try Self.requireProject(scope)
        guard let connector = try await connectors.get(id, kind: Self.kind, in: scope) else { throw Self.notFound(id) }
        return connector
    }

    /// A new `config` replaces the old one whole (missing keys take their defaults).
    public func update(_ id: String, name: String?, status: String?, config: JSONValue?, in scope: Scope) async throws -> Connector {
        try Self.requireProject(scope)
        guard let connector = try await connectors.update(id, kind: Self.kind, in: scope, name: name, status: status,
                                                          config: config.map { FeishuConnectorConfig($0).json.description })
        else { throw Self.notFound(id) }
        return connector
    }

    public func delete(_ id: String, in scope: Scope) async throws {
        try Self.requireProject(scope)
        guard try await connectors.delete(id, kind: Self.kind, in: scope) else { throw Self.notFound(id) }
    }

    /// Starts a sync (or answers the one already pending or running); `wait` waits for its end.
    public func sync(_ id: String, wait: Bool, trigger: String = "manual", in scope: Scope) async throws -> Job {
        try Self.requireProject(scope)
        guard settings.enabled else {
            throw RuntimeError(.disabled, "Feishu sync is disabled (feishu.enabled is false)", details: ["code": "FEISHU_SYNC_DISABLED"])
        }
        guard try await connectors.get(id, kind: Self.kind, in: scope) != nil else { throw Self.notFound(id) }
        let job: Job
        if let active = try await activeJob(id, in: scope) {
            job = active
        } else {
            job = try await jobs.create(NewJob(id: Identifier.make(prefix: "fsjob_"), kind: FeishuSyncJob.kind, connectorID: id, trigger: trigger,
                                               spec: JSONValue.object(["connector_id": .string(id)]).description), in: scope)
        }
        return wait ? try await jobs.wait(job.id, in: scope) : job
    }

    public func syncJobs(_ id: String, limit: Int, in scope: Scope) async throws -> [Job] {
        _ = try await get(id, in: scope)
        return try await jobs.list(in: scope, kind: FeishuSyncJob.kind, connectorID: id, limit: limit)
    }

    func activeJob(_ id: String, in scope: Scope) async throws -> Job? {
        for state in ["running", "pending"] {
            if let job = try await jobs.list(in: scope, kind: FeishuSyncJob.kind, connectorID: id, state: state, limit: 1).first { return job }
        }
        return nil
    }

    static func notFound(_ id: String) -> RuntimeError { RuntimeError(.notFound, "Connector not found: \(id)", path: "params.connector_id") }

    /// Every `feishu.pollIntervalMs`: each active connector whose
    /// `poll_interval_seconds` have passed since its last sync gets a `poll` sync.
    public func poll() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: settings.pollInterval)
            if Task.isCancelled { return }
            guard settings.enabled, let due = try? await connectors.allActive(kind: Self.kind) else { continue }
            let now = Date()
            for connector in due {
                let interval = TimeInterval(FeishuConnectorConfig((try? JSONParser.parse(connector.config)) ?? [:]).pollIntervalSeconds)
                if let last = connector.lastSyncAt, now.timeIntervalSince(last) < interval { continue }
                _ = try? await sync(connector.id, wait: false, trigger: "poll", in: connector.creatorScope)
            }
        }
    }
}
