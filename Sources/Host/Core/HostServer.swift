import Foundation
import Logging
import RPC
import Runtime
import ServiceLifecycle

/// What a host connection speaks: our JSON-RPC (which hands over to ACP
/// when the first `initialize` carries an integer `protocolVersion`), the
/// Agent Client Protocol (`oi-host acp`), or MCP as a server (`oi-host mcp`).
public enum HostProtocol: String, Sendable {
    case jsonRPC = "jsonrpc"
    case acp
    case mcp
}

/// The host serving one JSON-RPC connection over a pair of descriptors: the
/// method table, the runtime, the connection's `runs/subscribe` streams and
/// the MCP servers, as services that start together and stop in order. The
/// stdio host runs one on stdin/stdout; tests run one on pipes in their own
/// process. Each protocol is its own method table over the same machinery.
public struct HostServer: Sendable {
    public let context: HostContext
    public let connection: RPCConnection
    let engines: EngineLoader
    let config: Config
    let tools: ToolRegistry
    let mcp: MCPManager
    let logger: Logger

    /// `onInputEnded` runs once the input has ended (EOF, `exit`, a stop),
    /// after the streams and the queue were told to stop, with the drain
    /// deadline the connection then gives requests already read.
    public init(config: Config, logger: Logger, input: Int32, output: Int32, protocol: HostProtocol = .jsonRPC, tools: ToolRegistry = .builtins(),
                closesDescriptors: Bool = false, onInputEnded: @escaping @Sendable (_ drainTimeout: Duration) -> Void = { _ in }) {
        let engines = EngineLoader()
        // Tools and MCP servers need no storage: servers start while it opens.
        let mcp = MCPServers.manager(config: config, tools: tools)
        let host = HostContext(config: config, engines: engines, logger: logger, tools: tools, mcp: mcp)
        var options = ConnectionOptions()
        options.initializeMethod = Initialize.name
        options.errorMapper = ErrorMapping.rpc
        options.maxLineBytes = Int(config.int("rpc.maxLineBytes") ?? 16 << 20)
        options.closesDescriptors = closesDescriptors
        let drain = Duration.milliseconds(config.int("rpc.drainTimeoutMs") ?? 5000)
        options.drainTimeout = drain
        let subscriptions = host.subscriptions
        let acp = host.acp
        options.onInputEnded = {
            // Stop producing output and taking work at once; requests already
            // read are still answered (the drain), runs go back to the queue.
            subscriptions.cancelAll()
            // An editor's sessions end with its connection: their MCP servers stop.
            acp.closeAll()
            if case .ready(let engine) = engines.current { engine.shutdown() }
            onInputEnded(drain)
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
        let table: MethodTable
        switch `protocol` {
        case .jsonRPC:
            table = ACPMethods.detecting(in: HostMethods.table(host), host)
        case .acp:
            table = ACPMethods.table(host)
            options.cancelMethod = ACPMethods.cancelMethod
            options.cancelIDKey = ACPMethods.cancelIDKey
        case .mcp:
            table = MCPServerMethods.table(host)
            options.initializeMethod = MCPServerMethods.initializeMethod
            options.cancelMethod = "notifications/cancelled"
            options.cancelIDKey = "requestId"
            options.allowedBeforeInitialize = ["ping"]
            options.unknownMethodsBeforeInitialize = .methodNotFound
            options.answersCancelledRequests = false
        }
        self.context = host
        self.connection = RPCConnection(input: input, output: output, table: table, options: options)
        self.engines = engines
        self.config = config
        self.tools = tools
        self.mcp = mcp
        self.logger = logger
    }

    /// Runs until the connection ends (EOF or `exit`) or, with
    /// `stopsOnSignals`, SIGTERM or SIGINT asks for a graceful stop. A graceful
    /// shutdown goes in reverse: the connection, then the queue (runs release
    /// their tools), then the MCP servers.
    public func run(stopsOnSignals: Bool = false) async throws {
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: MCPService(manager: mcp)),
                .init(service: RuntimeService(engines: engines, config: config, tools: tools, mcp: mcp, logger: logger)),
                .init(service: SubscriptionService(subscriptions: context.subscriptions)),
                .init(service: ACPSessionService(state: context.acp)),
                .init(service: ConnectionService(connection: connection), successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: stopsOnSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        try await group.run()
    }
}
