import JSON
import Runtime
import ServiceLifecycle
import Store
import Synchronization

/// One editor's session on this connection: our session key (the ACP
/// session id), the scope and working folder its runs use, its own MCP
/// servers (started with it, stopped with it) and the prompt running now.
final class ACPSession: Sendable {
    let id: String
    let scope: Scope
    /// The working folder, resolved: the workspace of the session's runs.
    let cwd: String
    let servers: MCPManager
    let detach: @Sendable () -> Void
    private let prompt = Mutex<ACPPrompt?>(nil)

    init(id: String, scope: Scope, cwd: String, servers: MCPManager, detach: @escaping @Sendable () -> Void) {
        (self.id, self.scope, self.cwd, self.servers, self.detach) = (id, scope, cwd, servers, detach)
    }

    /// Marks a prompt as running; false if one already is.
    func begin(_ turn: ACPPrompt) -> Bool {
        prompt.withLock { current in
            guard current == nil else { return false }
            current = turn
            return true
        }
    }

    func end(_ turn: ACPPrompt) {
        prompt.withLock { if $0 === turn { $0 = nil } }
    }

    var activePrompt: ACPPrompt? { prompt.withLock { $0 } }

    /// Stops the session's servers and detaches it from the runtime.
    func close() {
        servers.shutdown()
        detach()
    }
}

/// A `session/prompt` in progress: the run it started, and whether the
/// editor cancelled it (`session/cancel`).
final class ACPPrompt: Sendable {
    let cancelled = Latch()
    private let run = Mutex<String?>(nil)

    var runID: String? {
        get { run.withLock { $0 } }
        set { run.withLock { $0 = newValue } }
    }
}

/// The Agent Client Protocol side of a connection: what the editor said it
/// can do (`clientCapabilities`) and its open sessions. The sessions' MCP
/// servers run as children of `run()` (the connection's `ACPSessionService`),
/// so none outlives the connection.
final class ACPState: Sendable {
    private struct State {
        var capabilities: JSONValue = [:]
        var sessions: [String: ACPSession] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    private let starts: AsyncStream<MCPManager>
    private let startContinuation: AsyncStream<MCPManager>.Continuation

    init() {
        (starts, startContinuation) = AsyncStream.makeStream()
    }

    var clientCapabilities: JSONValue {
        get { state.withLock { $0.capabilities } }
        set { state.withLock { $0.capabilities = newValue } }
    }

    func session(_ id: String) -> ACPSession? { state.withLock { $0.sessions[id] } }

    /// Adds (or, for a loaded session, replaces) a session and starts its
    /// servers; false when the connection has already ended.
    func open(_ session: ACPSession) -> Bool {
        let (accepted, replaced) = state.withLock { s -> (Bool, ACPSession?) in
            guard !s.closed else { return (false, nil) }
            defer { s.sessions[session.id] = session }
            return (true, s.sessions[session.id])
        }
        replaced?.close()
        guard accepted else { session.close(); return false }
        startContinuation.yield(session.servers)
        return true
    }

    /// Runs the sessions' MCP servers until `closeAll()`.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await servers in starts {
                group.addTask { await servers.run() }
            }
        }
    }

    /// Ends every session: their servers stop and `run()` returns once they have.
    func closeAll() {
        let sessions = state.withLock { s -> [ACPSession] in
            s.closed = true
            defer { s.sessions = [:] }
            return Array(s.sessions.values)
        }
        for session in sessions {
            session.activePrompt?.cancelled.open()
            session.close()
        }
        startContinuation.finish()
    }
}

/// The editor's sessions' MCP servers as a service: they end with the connection.
struct ACPSessionService: Service, CustomStringConvertible {
    var description: String { "ACPSessionService" }
    let state: ACPState

    func run() async throws {
        await withGracefulShutdownHandler {
            await state.run()
        } onGracefulShutdown: {
            state.closeAll()
        }
        // Sessions close as soon as the input ends, before the group shuts
        // down; a service that returns early would end the group with an error.
        try? await gracefulShutdown()
    }
}
