import Foundation
import RPC
import Testing
@testable import Runtime

/// Version negotiation, start failures, backoff and the stop sequence, with
/// the standard-library server (`Tests/Fixtures/mcp/raw_mcp_server.py`) that can answer
/// any version, never answer, or ignore EOF and SIGTERM.
// Serialized: each test starts Python servers, CPU-heavy on two shared cores;
// one at a time keeps the rest of the suite's timing tests honest.
@Suite(.serialized) struct MCPLifecycleTests {
    func settled(_ connection: MCPServerConnection) async -> MCPServerStatus {
        await connection.waitForFirstLaunch(timeout: .seconds(90))
        return await connection.status()
    }

    @Test func acceptsAnOlderRevisionTheServerChooses() async throws {
        let connection = MCPServerConnection(config: MCPVenv.rawServer(args: ["--version", "2024-11-05"]), registry: ToolRegistry())
        try await withRunning(connection) {
            let status = await settled(connection)
            #expect(status.state == .ready)
            #expect(status.protocolVersion == "2024-11-05")
            let echoed = try await connection.call("echo", arguments: ["text": "old"])
            #expect(echoed.content == ["content": [["type": "text", "text": "old"]]])
            do {
                _ = try await connection.call("no_such_tool", arguments: [:])
                Issue.record("expected a protocol error")
            } catch let error as MCPError {
                #expect(error.code == .protocolError)
                #expect(error.message == "tools/call no_such_tool failed: Unknown tool: no_such_tool (-32602)")
            }
        }
    }

    @Test(arguments: ["2026-07-28", "1999-01-01"])
    func refusesARevisionItDoesNotSpeak(_ version: String) async throws {
        let config = MCPVenv.rawServer(args: ["--version", version])
        let registry = ToolRegistry()
        let connection = MCPServerConnection(config: config, registry: registry)
        try await withRunning(connection) {
            let status = await settled(connection)
            #expect(status.state == .failed)
            #expect(status.restarts == 0, "a refused version is not retried")
            #expect(status.lastError?.contains("chose protocol \(version)") == true, "\(status.lastError ?? "")")
            if version == "2026-07-28" { #expect(status.lastError?.contains("stateless") == true) }
            #expect(registry.all.isEmpty)
            #expect(await eventually(timeout: .seconds(30)) { ProcessTable.pids(commandLineContaining: config.args.last!).isEmpty })
            do {
                _ = try await connection.call("echo", arguments: [:])
                Issue.record("a failed server takes no calls")
            } catch let error as MCPError {
                #expect(error.code == .unavailable)
                #expect(error.message.contains("failed"))
            }
        }
    }

    @Test func aMissingCommandFailsAtOnceAndIsNotRetried() async throws {
        let config = MCPServerConfig(name: "ghost", command: "/nonexistent/mcp-ghost", args: [], env: [:], cwd: nil, timeoutMs: 1000)
        let connection = MCPServerConnection(config: config, registry: ToolRegistry())
        try await withRunning(connection) {
            let status = await settled(connection)
            #expect(status.state == .failed)
            #expect(status.lastError == "MCP server 'ghost': command not found: /nonexistent/mcp-ghost")
            #expect(status.restarts == 0)
        }
    }

    @Test func aServerThatNeverAnswersIsRetriedWithBackoffThenGivenUp() async throws {
        let config = MCPVenv.rawServer(args: ["--silent"], startupTimeoutMs: 300)
        var policy = MCPRestartPolicy()
        policy.initial = .milliseconds(50)
        policy.maxFailures = 3
        let connection = MCPServerConnection(config: config, registry: ToolRegistry(), restartPolicy: policy)
        try await withRunning(connection) {
            #expect(await eventually(timeout: .seconds(90)) { await connection.status().state == MCPServerState.failed })
            let status = await connection.status()
            #expect(status.restarts == 2)
            #expect(status.lastError?.contains("initialize timed out after 300 ms") == true, "\(status.lastError ?? "")")
            #expect(await eventually(timeout: .seconds(30)) { ProcessTable.pids(commandLineContaining: config.args.last!).isEmpty })
        }
    }

    @Test func stopDuringAHangingInitializeIsPrompt() async throws {
        let config = MCPVenv.rawServer(args: ["--silent"], startupTimeoutMs: 600_000)
        let connection = MCPServerConnection(config: config, registry: ToolRegistry())
        let started = ContinuousClock.now
        try await withRunning(connection) {
            #expect(await eventually { !ProcessTable.pids(commandLineContaining: config.args.last!).isEmpty })
            #expect(await connection.status().state == MCPServerState.starting)
        }
        #expect(ContinuousClock.now - started < .seconds(90), "far less than the 10-minute start-up limit")
        #expect(await connection.status().state == MCPServerState.stopped)
        #expect(ProcessTable.pids(commandLineContaining: config.args.last!).isEmpty)
    }

    @Test func aServerThatIgnoresEOFAndSIGTERMIsKilled() async throws {
        let config = MCPVenv.rawServer(args: ["--stubborn"])
        let connection = MCPServerConnection(config: config, registry: ToolRegistry())
        var pid: Int32 = 0
        let stopping = try await withRunning(connection) {
            let status = await settled(connection)
            try #require(status.state == .ready)
            pid = try #require(status.pid)
            return ContinuousClock.now
        }
        // stdin closed → 2 s → SIGTERM (ignored) → 2 s → SIGKILL.
        #expect(ContinuousClock.now - stopping >= .seconds(3.5))
        #expect(!ProcessTable.exists(pid), "killed and reaped")
        #expect(ProcessTable.pids(commandLineContaining: config.args.last!).isEmpty)
    }

    @Test func theManagerRunsUntilShutdownEvenWithNoServers() async throws {
        let manager = MCPManager(servers: [], registry: ToolRegistry())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            try await Task.sleep(for: .milliseconds(100))
            #expect(await manager.statuses().isEmpty)
            await manager.waitForFirstLaunch(timeout: .seconds(1))
            manager.shutdown()
            try await group.waitForAll()
        }
    }

    @Test func theManagerReportsEveryServerAndStopsThemAll() async throws {
        let good = MCPVenv.rawServer("good")
        let bad = MCPServerConfig(name: "bad", command: "/nonexistent/x", args: [], env: [:], cwd: nil, timeoutMs: 1000)
        let registry = ToolRegistry.builtins()
        let manager = MCPManager(servers: [bad, good], registry: registry)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            await manager.waitForFirstLaunch(timeout: .seconds(90))
            let statuses = await manager.statuses()
            #expect(statuses.map(\.name) == ["bad", "good"])
            #expect(statuses.map(\.state) == [.failed, .ready])
            #expect(registry.tool(named: "good__echo")?.source == .mcp(server: "good"))
            #expect(registry.tool(named: "file_read") != nil)
            manager.shutdown()
            try await group.waitForAll()
        }
        #expect(await manager.statuses().map(\.state) == [.failed, .stopped])
        #expect(registry.tool(named: "good__echo") == nil)
        #expect(ProcessTable.pids(commandLineContaining: good.args.last!).isEmpty)
    }
}
