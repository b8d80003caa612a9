import Foundation
import Logging
import RPC

/// One life of an MCP server: the process, the JSON-RPC connection over its
/// pipes, and what the handshake told us. A restart makes a new session.
final class MCPSession: Sendable {
    let server: String
    let process: MCPServerProcess
    let connection: RPCConnection
    /// One element per `notifications/tools/list_changed` (coalesced while
    /// unread); finishes when the connection ends.
    let toolListChanges: AsyncStream<Void>
    private let changes: AsyncStream<Void>.Continuation
    private let timeout: Duration
    private let startupTimeout: Duration
    private let logger: Logger
    /// Opens when our side began to stop the server while it was still
    /// connected (calls failing then say so, not that it crashed).
    private let stopping = Latch()
    private let ended = Latch()

    /// What `initialize` negotiated.
    struct Handshake: Sendable {
        var protocolVersion: String
        var serverInfo: JSONValue?
        var capabilities: JSONValue
        var instructions: String?
    }

    private init(config: MCPServerConfig, process: MCPServerProcess, logger: Logger) {
        server = config.name
        self.process = process
        self.logger = logger
        timeout = .milliseconds(config.timeoutMs)
        startupTimeout = .milliseconds(config.startupTimeoutMs)
        (toolListChanges, changes) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        var options = ConnectionOptions.mcpClient
        options.closesDescriptors = true
        options.maxLineBytes = config.limits.maxLineBytes
        let name = config.name
        options.log = { level, message in
            let meta: Logger.Metadata = ["mcp_server": .string(name)]
            switch level {
            case .debug: logger.debug("\(message)", metadata: meta)
            case .info: logger.info("\(message)", metadata: meta)
            case .warning: logger.warning("\(message)", metadata: meta)
            case .error: logger.error("\(message)", metadata: meta)
            }
        }
        let changes = self.changes
        let table = MCPClientMethods.table(server: name, logger: logger) { changes.yield() }
        connection = RPCConnection(input: process.input, output: process.output, table: table, options: options)
    }

    /// Spawns the server; `run()` must then be called to read its answers.
    static func start(_ config: MCPServerConfig, logger: Logger) throws(MCPError) -> MCPSession {
        MCPSession(config: config, process: try MCPServerProcess.spawn(config, logger: logger), logger: logger)
    }

    /// Reads the server's stdout until EOF (it exited or closed it); pending
    /// requests then fail at once.
    func run() async {
        await connection.run()
        ended.open()
        changes.finish()
    }

    var hasEnded: Bool { ended.isOpen }

    /// `initialize`, then `notifications/initialized` (WIRE.md §7.2).
    func initialize() async throws(MCPError) -> Handshake {
        let params: JSONValue = [
            "protocolVersion": .string(MCPProtocol.offeredVersion),
            "capabilities": [:],
            "clientInfo": ["name": .string(MCPProtocol.clientName), "version": .string(OpenIntern.version)],
        ]
        // WIRE.md: never cancel initialize. On a timeout the output is closed
        // first (no cancel can go out), and the server is then stopped.
        let result = try await request("initialize", params, timeout: startupTimeout, beforeCancelling: { self.connection.closeOutput() })
        let version = try MCPProtocol.accept(result["protocolVersion"]?.stringValue, server: server)
        await connection.notify("notifications/initialized")
        return Handshake(protocolVersion: version, serverInfo: result["serverInfo"], capabilities: result["capabilities"] ?? [:],
                         instructions: result["instructions"]?.stringValue)
    }

    /// Every tool, following `nextCursor` page by page.
    func listTools() async throws(MCPError) -> [MCPToolDescriptor] {
        var tools: [MCPToolDescriptor] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<1000 {
            let result = try await request("tools/list", cursor.map { ["cursor": .string($0)] }, timeout: startupTimeout)
            guard let page = result["tools"]?.arrayValue else {
                throw MCPError(.invalidResponse, server: server, "tools/list result has no tools array")
            }
            for item in page {
                switch MCPToolDescriptor.parse(item, server: server) {
                case .success(let tool): tools.append(tool)
                case .failure(let problem): logger.warning("skipped a tool: \(problem.message)", metadata: ["mcp_server": .string(server)])
                }
            }
            guard let next = result["nextCursor"]?.stringValue else { return tools }
            // A server that hands out a cursor twice would page forever.
            guard seen.insert(next).inserted else {
                throw MCPError(.invalidResponse, server: server, "tools/list repeated the cursor \(next)")
            }
            cursor = next
        }
        throw MCPError(.invalidResponse, server: server, "tools/list has more than 1000 pages")
    }

    /// `tools/call`; the raw result (mapped by `MCPContent`).
    func callTool(_ name: String, arguments: JSONValue) async throws(MCPError) -> JSONValue {
        try await request("tools/call", ["name": .string(name), "arguments": arguments], timeout: timeout, what: "tools/call \(name)")
    }

    /// Sends a request and waits at most `limit`. Cancelling the caller (or
    /// the timeout) cancels the request, which sends
    /// `notifications/cancelled {requestId}` to the server.
    private func request(_ method: String, _ params: JSONValue?, timeout limit: Duration, what: String? = nil,
                         beforeCancelling: @Sendable () -> Void = {}) async throws(MCPError) -> JSONValue {
        let what = what ?? method
        do {
            return try await withThrowingTaskGroup(of: JSONValue?.self) { group in
                group.addTask { try await self.connection.request(method, params: params) }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let value = first else {
                    beforeCancelling()
                    throw MCPError(.timeout, server: server, "\(what) timed out after \(limit.milliseconds) ms")
                }
                return value
            }
        } catch let error as MCPError {
            throw error
        } catch is CancellationError {
            throw MCPError.cancelled(server: server, what)
        } catch {
            throw await describe(error, what)
        }
    }

    /// Why a request failed, in words a tool result can carry.
    private func describe(_ error: any Error, _ what: String) async -> MCPError {
        if stopping.isOpen {
            return MCPError(.unavailable, server: server, "\(what) was interrupted: the server is being stopped")
        }
        if connection.endedAt != nil || process.exited.isOpen {
            // The pipe closes a moment before the exit is reaped.
            await process.exited.wait(timeout: .seconds(3))
            let how = process.termination?.description ?? "closed its output"
            return MCPError(.serverExited, server: server, "the server \(how) during \(what); it will be restarted")
        }
        if let rpc = error as? RPCError, rpc.code == .responseTooLarge {
            return MCPError(.answerTooLarge, server: server, "\(what): \(rpc.message) (mcp.maxLineBytes)")
        }
        if let rpc = error as? RPCError {
            return MCPError(.protocolError, server: server, "\(what) failed: \(rpc.message) (\(rpc.code.rawValue))")
        }
        return MCPError(.protocolError, server: server, "\(what) failed: \(error)")
    }

    /// Closes the server's stdin, then waits, SIGTERMs, waits, SIGKILLs
    /// (WIRE.md §7.6); returns once the process is gone and the connection has
    /// ended. Safe to call more than once and concurrently.
    func shutdown() async {
        if connection.endedAt == nil { stopping.open() }
        connection.closeOutput()
        await process.stop()
        // EOF follows the exit unless something the server started keeps its
        // stdout open; then stop waiting (the reader closes the pipe when it ends).
        if await !ended.wait(timeout: .seconds(2)) {
            logger.warning("the server exited but its stdout stays open; no longer reading it", metadata: ["mcp_server": .string(server)])
            connection.stop()
        }
    }
}

extension MCPError {
    static func cancelled(server: String, _ what: String) -> MCPError {
        MCPError(.cancelled, server: server, "\(what) was cancelled")
    }
}
