import Foundation
import Logging
import RPC
import Runtime

/// What the host's method handlers share: settings, start time and the
/// connection's default scope (set by `initialize`).
final class HostContext: Sendable {
    let config: Config
    let startedAt = Date()
    let uptime = ContinuousClock.now
    let logger: Logger
    let session = SessionState()

    init(config: Config, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    /// The environment's scope layer (AGENT_ORG_ID…), below everything else.
    var defaultScope: ScopeParams {
        ScopeParams(orgID: config.string("scope.orgId"), userID: config.string("scope.userId"), projectID: config.string("scope.projectId"))
    }

    var storageBackend: String {
        config.string("server.databaseUrl").map { $0.hasPrefix("postgres") ? "postgres" : "sqlite" } ?? "sqlite"
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
