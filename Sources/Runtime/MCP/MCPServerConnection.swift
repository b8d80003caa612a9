import Foundation
import Logging
import JSON

/// One configured MCP server, kept alive for the life of the host: spawns it,
/// negotiates, lists its tools into the registry (as `server__tool`),
/// re-lists on `notifications/tools/list_changed`, answers tool calls, and
/// relaunches it with backoff when it dies — failing its in-flight calls at
/// once with a clear error. `run()` owns all of that; `stop()` ends it.
public actor MCPServerConnection {
    public nonisolated let config: MCPServerConfig
    private let registry: ToolRegistry
    private let logger: Logger
    private let restartPolicy: MCPRestartPolicy
    private let onRefresh: @Sendable (MCPToolsRefresh) -> Void
    /// Told (server, restarts) when a relaunched server is ready again.
    private let onRestart: @Sendable (String, Int) -> Void
    private nonisolated let stopRequested = Latch()
    /// Opens once the first launch has ended one way or the other (ready or
    /// not), so the host can hold runs back until tools are known.
    private nonisolated let firstLaunch = Latch()

    private var state = MCPServerState.starting
    private var session: MCPSession?
    private var handshake: MCPSession.Handshake?
    private var tools: [MCPToolDescriptor] = []
    private var listed = false
    private var restarts = 0
    private var lastError: String?

    public init(config: MCPServerConfig, registry: ToolRegistry, logger: Logger = Logger(label: "oi.runtime.mcp"),
                restartPolicy: MCPRestartPolicy = MCPRestartPolicy(), onRefresh: @escaping @Sendable (MCPToolsRefresh) -> Void = { _ in },
                onRestart: @escaping @Sendable (String, Int) -> Void = { _, _ in }) {
        self.onRestart = onRestart
        self.config = config
        self.registry = registry
        self.logger = logger
        self.restartPolicy = restartPolicy
        self.onRefresh = onRefresh
    }

    private var meta: Logger.Metadata { ["mcp_server": .string(config.name)] }

    /// Runs the server until `stop()`: launch, serve, relaunch after a crash.
    /// Returns once the process is gone.
    public func run() async {
        var failures = 0  // in a row, crashes included: sets the backoff
        var failedStarts = 0  // in a row, never ready: decides when to give up
        while !stopRequested.isOpen {
            let outcome = await launch()
            if stopRequested.isOpen { break }
            switch outcome {
            case .failedToStart(let error):
                lastError = error.description
                failures += 1
                failedStarts += 1
                if error.isPermanent || failedStarts >= restartPolicy.maxFailures {
                    logger.error("giving up: \(error.message)", metadata: meta)
                    state = .failed
                    unregister()
                    firstLaunch.open()
                    await stopRequested.wait()
                    return
                }
                logger.warning("could not start: \(error.message)", metadata: meta)
            case .crashed(let message, let upFor):
                lastError = message
                failedStarts = 0
                failures = upFor >= restartPolicy.stableAfter ? 1 : failures + 1
                logger.warning("\(message)", metadata: meta)
            }
            firstLaunch.open()
            state = .restarting
            let delay = restartPolicy.delay(afterFailures: failures)
            logger.info("restarting in \(delay.milliseconds) ms", metadata: meta)
            await stopRequested.wait(timeout: delay)
            if !stopRequested.isOpen { restarts += 1 }
        }
        state = .stopped
        unregister()
        firstLaunch.open()
    }

    /// Stops the server (stdin closed, then SIGTERM, then SIGKILL); `run()`
    /// returns when it is gone. Calls in flight fail.
    public nonisolated func stop() { stopRequested.open() }

    /// Waits until the first launch ended (ready, or not) or `timeout` passed.
    public nonisolated func waitForFirstLaunch(timeout: Duration) async {
        await firstLaunch.wait(timeout: timeout)
    }

    public func status() -> MCPServerStatus {
        MCPServerStatus(name: config.name, command: config.command, state: state, protocolVersion: handshake?.protocolVersion,
                        tools: tools.map { MCPToolDescriptor.registryName(server: config.name, tool: $0.name) },
                        restarts: restarts, lastError: lastError, pid: state == .ready ? session?.process.pid : nil,
                        serverInfo: handshake?.serverInfo)
    }

    /// Calls one of the server's tools by its own name.
    public func call(_ tool: String, arguments: JSONValue) async throws(MCPError) -> ToolOutput {
        guard state == .ready, let session else {
            let why = lastError.map { " (last error: \($0))" } ?? ""
            throw MCPError(.unavailable, server: config.name, "the server is \(state.rawValue)\(why)")
        }
        let result = try await session.callTool(tool, arguments: arguments)
        return try MCPContent.output(from: result, server: config.name)
    }

    // MARK: One launch

    private enum Outcome {
        case failedToStart(MCPError)
        case crashed(String, upFor: Duration)
    }

    /// Spawns a session and serves it until its connection ends.
    private func launch() async -> Outcome {
        let session: MCPSession
        do { session = try MCPSession.start(config, logger: logger) } catch { return .failedToStart(error) }
        self.session = session
        defer { self.session = nil }
        let stop = stopRequested
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await session.run() }
            // A stop during any phase (even a hanging initialize) goes straight to the shutdown sequence.
            group.addTask {
                await stop.wait()
                if stop.isOpen { await session.shutdown() }
            }
            let outcome = await serve(session)
            if !stopRequested.isOpen { state = .restarting }
            // Whatever ended the launch, the process must be gone before a relaunch.
            await session.shutdown()
            group.cancelAll()
            return outcome
        }
    }

    private func serve(_ session: MCPSession) async -> Outcome {
        do {
            let handshake = try await session.initialize()
            let listed = try await session.listTools()
            self.handshake = handshake
            state = .ready
            if restarts > 0 { onRestart(config.name, restarts) }
            apply(listed, reason: "restart")
            firstLaunch.open()
            logger.info("ready", metadata: meta.merging(["protocol": .string(handshake.protocolVersion), "tools": .stringConvertible(listed.count)]) { $1 })
        } catch {
            return .failedToStart(error)
        }
        let readyAt = ContinuousClock.now
        for await _ in session.toolListChanges {
            do {
                apply(try await session.listTools(), reason: "list_changed")
            } catch {
                // A crash shows up as the end of the connection, which ends this loop.
                logger.warning("re-listing tools failed: \(error.message)", metadata: meta)
            }
        }
        await session.process.exited.wait(timeout: .seconds(3))
        let how = session.process.termination?.description ?? "closed its output"
        return .crashed("the server \(how)", upFor: ContinuousClock.now - readyAt)
    }

    /// Puts `listed` into the registry and reports what changed.
    private func apply(_ listed: [MCPToolDescriptor], reason: String) {
        let source = ToolSource.mcp(server: config.name)
        let before = Set(registry.all.filter { $0.source == source }.map(\.name))
        let mapped = listed.map { MCPTool($0, connection: self) }
        let refused = registry.replace(from: source, with: mapped)
        for name in refused { logger.warning("tool \(name) is already provided by another source; not registered", metadata: meta) }
        tools = listed.filter { !refused.contains(MCPToolDescriptor.registryName(server: config.name, tool: $0.name)) }
        let after = Set(mapped.map(\.name)).subtracting(refused)
        let firstListing = !self.listed
        self.listed = true
        guard !firstListing else { return }
        let refresh = MCPToolsRefresh(server: config.name, toolCount: after.count, added: after.subtracting(before).sorted(),
                                      removed: before.subtracting(after).sorted(), reason: reason)
        if reason == "list_changed" || !refresh.added.isEmpty || !refresh.removed.isEmpty {
            logger.info("tools refreshed", metadata: meta.merging(["tool_count": .stringConvertible(after.count), "added": .string(refresh.added.joined(separator: ",")),
                                                                   "removed": .string(refresh.removed.joined(separator: ","))]) { $1 })
            onRefresh(refresh)
        }
    }

    private func unregister() {
        registry.replace(from: .mcp(server: config.name), with: [])
        tools = []
    }
}
