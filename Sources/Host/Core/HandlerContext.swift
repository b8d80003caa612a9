import Logging
import RPC
import Runtime
import Store

/// What a method body has to work with: the caller's scope (resolved and
/// checked in one place), the runtime's services, the request (its id,
/// cancellation through the task, and hooks that run after the answer is
/// queued), a logger and a progress reporter.
struct HandlerContext: Sendable {
    let host: HostContext
    let request: RequestContext

    var logger: Logger { host.logger }

    /// The runtime once storage is open; -32010 when it could not be opened.
    func runtime() async throws -> Engine {
        try await host.runtime()
    }

    /// The scope the request acts in: its own `scope` > the connection's
    /// (from `initialize`) > the environment's. A bad one is -32003.
    func scope(_ requested: ScopeParams?) async throws -> Scope {
        try await host.scope(requested)
    }

    func scope(of params: some Scoped) async throws -> Scope {
        try await host.scope(params.scope)
    }

    /// Runs once the answer has been queued for writing (a subscription's
    /// first events never overtake the answer that announced it).
    func afterResponse(_ action: @escaping @Sendable () -> Void) {
        request.afterResponse(action)
    }

    /// Reports how far a long request has come. Logged at debug level; the
    /// methods that take long (ingestion, waiting runs) report through it,
    /// and a client-facing progress notification can be added here once.
    func progress(_ message: String, done: Int? = nil, total: Int? = nil) {
        var metadata: Logger.Metadata = ["method": .string(request.method)]
        if let done { metadata["done"] = .stringConvertible(done) }
        if let total { metadata["total"] = .stringConvertible(total) }
        logger.debug("\(message)", metadata: metadata)
    }
}
