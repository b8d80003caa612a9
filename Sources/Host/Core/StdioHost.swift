import Foundation
import Logging
import RPC
import Runtime
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#endif

/// The stdio host: JSON-RPC on stdin/stdout, logs on stderr, stopped by EOF,
/// `exit` or SIGTERM — each a graceful exit with status 0.
public struct StdioHost {
    let config: Config
    let logger: Logger

    public init(config: Config, logger: Logger) {
        self.config = config
        self.logger = logger
    }

    public func run() async throws {
        // A client that goes away must not kill us with SIGPIPE mid-write.
        signal(SIGPIPE, SIG_IGN)
        let engines = EngineLoader()
        let config = self.config
        // Tools and MCP servers need no storage: servers start while it opens.
        let tools = ToolRegistry.builtins()
        let mcp = MCPServers.manager(config: config, tools: tools)
        let host = HostContext(config: config, engines: engines, logger: logger, tools: tools, mcp: mcp)
        var options = ConnectionOptions()
        options.initializeMethod = Initialize.name
        options.errorMapper = ErrorMapping.rpc
        options.maxLineBytes = Int(config.int("rpc.maxLineBytes") ?? 16 << 20)
        let drain = Duration.milliseconds(config.int("rpc.drainTimeoutMs") ?? 5000)
        options.drainTimeout = drain
        let subscriptions = host.subscriptions
        let stopLogger = logger
        options.onInputEnded = {
            // Stop producing output and taking work at once; requests already
            // read are still answered (the drain), runs go back to the queue.
            subscriptions.cancelAll()
            if case .ready(let engine) = engines.current { engine.shutdown() }
            ShutdownWatchdog.start(after: drain * 2 + .seconds(30), logger: stopLogger)
        }
        let rpcLogger = Logger(label: "oi.rpc")
        options.log = { level, message in
            switch level {
            case .debug: rpcLogger.debug("\(message)")
            case .info: rpcLogger.info("\(message)")
            case .warning: rpcLogger.warning("\(message)")
            case .error: rpcLogger.error("\(message)")
            }
        }
        let connection = RPCConnection(input: STDIN_FILENO, output: STDOUT_FILENO, table: HostMethods.table(host), options: options)
        let group = ServiceGroup(configuration: .init(
            // A graceful shutdown goes in reverse: the connection, then the queue
            // (runs release their tools), then the MCP servers.
            services: [
                .init(service: MCPService(manager: mcp)),
                .init(service: RuntimeService(engines: engines, config: config, tools: tools, mcp: mcp, logger: logger)),
                .init(service: SubscriptionService(subscriptions: host.subscriptions)),
                .init(service: ConnectionService(connection: connection), successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        try await group.run()
        if let ended = connection.endedAt {
            logger.info("stopped", metadata: ["ms_since_input_ended": "\((ContinuousClock.now - ended).components.attoseconds / 1_000_000_000_000_000 + (ContinuousClock.now - ended).components.seconds * 1000)"])
        }
        // No `engine.close()`: every transaction is already committed, and a
        // close would checkpoint SQLite's WAL, which can take long on a busy
        // disk — the process ends now and the next start finds a sound file.
    }
}

/// The stdio connection as a service: it ends on EOF or `exit`, and a
/// graceful shutdown (SIGTERM) stops it after flushing what it has written.
struct ConnectionService: Service, CustomStringConvertible {
    var description: String { "ConnectionService" }
    let connection: RPCConnection

    func run() async throws {
        await withGracefulShutdownHandler {
            await connection.run()
        } onGracefulShutdown: {
            connection.stop()
        }
    }
}

/// The runtime as a service: opens storage (requests wait for it in the
/// `EngineLoader`), then runs the engine — its links to other processes and,
/// once the MCP servers had their first launch, the queue worker — until a
/// graceful shutdown hands executing runs back (they resume on the next start).
struct RuntimeService: Service, CustomStringConvertible {
    var description: String { "RuntimeService" }
    let engines: EngineLoader
    let config: Config
    let tools: ToolRegistry
    let mcp: MCPManager
    let logger: Logger

    func run() async throws {
        let (config, tools) = (self.config, self.tools)
        guard let engine = await engines.open({ try await Engine.open(config: config, tools: tools) }) else {
            if case .failed(let reason) = engines.current { logger.critical("storage is unavailable: \(reason)") }
            try? await gracefulShutdown()
            return
        }
        let mcp = self.mcp
        await withGracefulShutdownHandler {
            // Runs wait for the MCP servers' first launch, so the tools they list
            // are there when the first run starts (bounded: a slow server does not hold runs forever).
            await engine.run(beforeClaiming: {
                await cancelWhenGracefulShutdown { await mcp.waitForFirstLaunch(timeout: MCPServers.startupWait) }
            })
        } onGracefulShutdown: {
            engine.shutdown()
        }
        // The queue stops as soon as the input ends, before the group shuts
        // down; a service that returns early would end the group with an error.
        try? await gracefulShutdown()
    }
}

/// The connection's `runs/subscribe` streams as a service: they end when
/// the connection does.
struct SubscriptionService: Service, CustomStringConvertible {
    var description: String { "SubscriptionService" }
    let subscriptions: SubscriptionRegistry

    func run() async throws {
        await withGracefulShutdownHandler {
            await subscriptions.run()
        } onGracefulShutdown: {
            subscriptions.cancelAll()
        }
        // The streams stop as soon as the input ends, before the group shuts
        // down; a service that returns early would end the group with an error.
        try? await gracefulShutdown()
    }
}

/// The MCP servers as a service: started with the host (never holding up
/// `initialize`), stopped last on a graceful shutdown.
struct MCPService: Service, CustomStringConvertible {
    var description: String { "MCPService" }
    let manager: MCPManager

    func run() async throws {
        await withGracefulShutdownHandler {
            await manager.run()
        } onGracefulShutdown: {
            manager.shutdown()
        }
    }
}
