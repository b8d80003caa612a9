import Foundation
import Logging
import RPC
import Runtime
import Store

/// What the host's method handlers share: settings, the runtime, the tool
/// registry and MCP servers (which need no storage), start time and the
/// connection's default scope (set by `initialize`).
public final class HostContext: Sendable {
    let config: Config
    let engines: EngineLoader
    let tools: ToolRegistry
    let mcp: MCPManager
    let startedAt = Date()
    let uptime = ContinuousClock.now
    let logger: Logger
    let session = SessionState()
    let subscriptions = SubscriptionRegistry()
    /// The editor's sessions when the connection speaks the Agent Client Protocol.
    let acp = ACPState()
    /// Request size limits (`limits.*`).
    let limits: PayloadLimits
    /// What one response line may hold (`rpc.maxLineBytes`).
    let pageFit: PageFit

    public init(config: Config, engines: EngineLoader, logger: Logger, tools: ToolRegistry = .builtins(), mcp: MCPManager? = nil) {
        self.config = config
        self.engines = engines
        self.logger = logger
        self.tools = tools
        self.mcp = mcp ?? MCPManager(servers: [], registry: tools)
        limits = PayloadLimits(config: config)
        pageFit = PageFit(maxLineBytes: Int(config.int("rpc.maxLineBytes") ?? 16 << 20))
    }

    /// The environment's scope layer (AGENT_ORG_ID…), below everything else.
    var defaultScope: ScopeParams {
        ScopeParams(orgID: config.string("scope.orgId"), userID: config.string("scope.userId"), projectID: config.string("scope.projectId"))
    }

    var storageBackend: String {
        config.string("server.databaseUrl").map { $0.hasPrefix("postgres") ? "postgres" : "sqlite" } ?? "sqlite"
    }

    func runtime() async throws(RPCError) -> Engine {
        try await engines.engine()
    }

    /// The scope a request acts in: its own `scope` > the connection's > the environment's.
    func scope(_ requested: ScopeParams?) async throws(RPCError) -> Scope {
        if let requested {
            do { try requested.validate(path: "params.scope") } catch { throw ErrorMapping.runtime(error) }
        }
        let connection = await session.scope
        let merged = (requested ?? ScopeParams()).over(connection).over(defaultScope)
        do {
            return try Scope(orgID: merged.orgID ?? "org_default", userID: merged.userID ?? "user_default", projectID: merged.projectID)
        } catch let error as StoreError {
            let path = "params.scope." + (error.field ?? "org_id")
            throw RPCError(code: .invalidScope, message: error.message, data: ["path": .string(path)])
        } catch {
            throw RPCError(code: .invalidScope, message: "\(error)")
        }
    }
}

/// Per-connection state: the scope and client named in `initialize`.
actor SessionState {
    private(set) var scope = ScopeParams()
    private(set) var clientName: String?

    func begin(scope: ScopeParams, client: String?) {
        self.scope = scope
        self.clientName = client
    }
}

extension HostContext {
    /// `system/health`'s view of storage and the queue: storage "opening"
    /// until the runtime is up; then the database as the last probe found it
    /// (at most a second old, never waiting more than a second for it).
    /// The trace exporter's figures, once the engine is open and exports.
    func telemetry() -> SystemHealth.Result.Telemetry? {
        guard case .ready(let engine) = engines.current, let exporter = engine.traceExporter else { return nil }
        let stats = exporter.stats
        return .init(endpoint: Redaction.url(exporter.settings.tracesURL), queued: stats.queued, exportedRuns: stats.exportedRuns,
                     exportedSpans: stats.exportedSpans, droppedRuns: stats.droppedRuns, failedExports: stats.failedExports,
                     lastError: stats.lastError.map(Redaction.url))
    }

    func health() async -> (SystemHealth.Result.Storage, SystemHealth.Result.Queue?) {
        switch engines.current {
        case .opening:
            return (.init(backend: storageBackend, state: "opening"), nil)
        case .failed(let reason):
            return (.init(backend: storageBackend, state: "unavailable", error: Redaction.url(reason)), nil)
        case .ready(let engine):
            let probe = await engine.storageHealth.current()
            let storage = SystemHealth.Result.Storage(
                backend: engine.storageBackend, state: probe.available ? "ready" : "unavailable",
                error: probe.error.map(Redaction.url), since: ISO8601.format(probe.since))
            let queue = SystemHealth.Result.Queue(
                workers: engine.queue.concurrency, running: engine.queue.activeRunIDs.count, pending: probe.pending,
                claiming: engine.queue.isClaiming, ownerPID: engine.queueLock?.ownerPID)
            return (storage, queue)
        }
    }
}
