import Logging
import RPC
import Runtime
import ServiceLifecycle

/// The host's connection as a service: it ends on EOF or `exit`, and a
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
            await engine.run(mcpNotices: mcp.notices, beforeClaiming: {
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
