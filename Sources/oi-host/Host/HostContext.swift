import Foundation
import Logging
import RPC
import Runtime
import Store

/// What the host's method handlers share: settings, the runtime, start time
/// and the connection's default scope (set by `initialize`).
final class HostContext: Sendable {
    let config: Config
    let engine: Engine?
    let startedAt = Date()
    let uptime = ContinuousClock.now
    let logger: Logger
    let session = SessionState()
    let subscriptions = SubscriptionRegistry()

    init(config: Config, engine: Engine?, logger: Logger) {
        self.config = config
        self.engine = engine
        self.logger = logger
    }

    /// The environment's scope layer (AGENT_ORG_ID…), below everything else.
    var defaultScope: ScopeParams {
        ScopeParams(orgID: config.string("scope.orgId"), userID: config.string("scope.userId"), projectID: config.string("scope.projectId"))
    }

    var storageBackend: String {
        if let engine { return engine.database.dialect.rawValue }
        return config.string("server.databaseUrl").map { $0.hasPrefix("postgres") ? "postgres" : "sqlite" } ?? "sqlite"
    }

    func runtime() throws(RPCError) -> Engine {
        guard let engine else { throw RPCError(code: .storageUnavailable, message: "storage is not open") }
        return engine
    }

    /// The scope a request acts in: its own `scope` > the connection's > the environment's.
    func scope(_ requested: ScopeParams?) async throws(RPCError) -> Scope {
        if let requested { try requested.validate(path: "params.scope") }
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
