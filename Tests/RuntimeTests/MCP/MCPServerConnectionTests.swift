import Foundation
import Logging
import RPC
import Testing
@testable import Runtime

/// The MCP client against real servers from PyPI and our misbehaving test
/// server, directly through `MCPServerConnection`.
// Serialized: each test starts Python servers, CPU-heavy on two shared cores;
// one at a time keeps the rest of the suite's timing tests honest.
@Suite(.serialized, .enabled(if: MCPVenv.runs, "needs .venv with the MCP servers (scripts/test-venv)"))
struct MCPServerConnectionTests {
    func ready(_ connection: MCPServerConnection) async throws -> MCPServerStatus {
        await connection.waitForFirstLaunch(timeout: .seconds(60))
        let status = await connection.status()
        try #require(status.state == .ready, "\(status.name) is \(status.state): \(status.lastError ?? "")")
        return status
    }

    @Test func initializesTheTimeServerAndListsItsToolsIntoTheRegistry() async throws {
        try MCPVenv.require()
        let registry = ToolRegistry()
        let connection = MCPServerConnection(config: MCPVenv.timeServer(), registry: registry)
        try await withRunning(connection) {
            let status = try await ready(connection)
            #expect(status.protocolVersion == "2025-11-25")
            #expect(status.tools == ["time__get_current_time", "time__convert_time"])
            #expect(status.serverInfo?["name"] == "mcp-time")
            let tool = try #require(registry.tool(named: "time__get_current_time"))
            #expect(tool.source == .mcp(server: "time"))
            #expect(tool.risk == .low, "readOnlyHint: true")
            #expect(tool.inputSchema["required"] == ["timezone"])
            let output = try await tool.call(["timezone": "UTC"], context: .test)
            #expect(!output.isError)
            #expect(output.content["structured_content"]?["timezone"] == "UTC")
            #expect(output.content["content"]?[0]?["type"] == "text")
            let invalid = try await tool.call(["timezone": "Nowhere/Atlantis"], context: .test)
            #expect(invalid.isError)
            #expect(invalid.content.description.contains("Invalid timezone"))
            do {
                _ = try await connection.call("no_such_tool", arguments: [:])
                Issue.record("expected a protocol error")
            } catch let error as MCPError {
                #expect(error.code == .protocolError)
                #expect(error.message.contains("Unknown tool: no_such_tool (-32602)"), "\(error.message)")
            }
        }
        #expect(registry.all.isEmpty, "a stopped server's tools leave the registry")
    }

    @Test func toolErrorsAreResultsTheModelReads() async throws {
        try MCPVenv.require()
        let connection = MCPServerConnection(config: MCPVenv.testServer(), registry: ToolRegistry())
        try await withRunning(connection) {
            _ = try await ready(connection)
            let failed = try await connection.call("fail", arguments: ["message": "the disk is on fire"])
            #expect(failed.isError)
            #expect(failed.content.description.contains("the disk is on fire"))
            // mcp 2.x's MCPServer answers an unknown tool with isError too.
            #expect(try await connection.call("no_such_tool", arguments: [:]).isError)
            #expect(try await connection.call("echo", arguments: ["text": "still here"]).content["content"]?[0]?["text"] == "still here")
        }
    }

    @Test func followsNextCursorThroughEveryPage() async throws {
        try MCPVenv.require()
        let connection = MCPServerConnection(config: MCPVenv.testServer(pageSize: 3), registry: ToolRegistry())
        try await withRunning(connection) {
            let status = try await ready(connection)
            #expect(status.tools.count == 13)
            #expect(Set(status.tools).isSuperset(of: ["t__echo", "t__whoami", "t__picture"]))
        }
    }

    @Test func imageResourceAndStructuredContentAreMapped() async throws {
        try MCPVenv.require()
        let connection = MCPServerConnection(config: MCPVenv.testServer(), registry: ToolRegistry())
        try await withRunning(connection) {
            _ = try await ready(connection)
            let picture = try await connection.call("picture", arguments: [:])
            let items = try #require(picture.content["content"]?.arrayValue)
            #expect(items.map { $0["type"]?.stringValue ?? "" } == ["text", "image", "resource", "resource"])
            #expect(items[1]["mime_type"] == "image/png")
            #expect(items[1]["bytes"] == 68)
            #expect(items[1]["data"]?.stringValue?.hasPrefix("iVBOR") == true)
            #expect(items[2]["uri"] == "file:///notes.txt")
            #expect(items[2]["text"] == "hello notes")
            #expect(items[3]["blob"] != nil)
            let measured = try await connection.call("measure", arguments: ["text": "one two three"])
            #expect(measured.content["structured_content"] == ["length": 13, "words": 3])
        }
    }

    @Test func aCallPastItsTimeoutFailsAndTheServerIsToldToCancelIt() async throws {
        try MCPVenv.require()
        let markers = markerDirectory()
        let connection = MCPServerConnection(config: MCPVenv.testServer(timeoutMs: 1500, markers: markers), registry: ToolRegistry())
        try await withRunning(connection) {
            _ = try await ready(connection)
            let started = ContinuousClock.now
            do {
                _ = try await connection.call("hang", arguments: [:])
                Issue.record("expected a timeout")
            } catch let error as MCPError {
                #expect(error.code == .timeout)
                #expect(error.message.contains("timed out after 1500 ms"))
            }
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(await eventually { marker(markers, "cancelled-hang") != nil }, "the server got notifications/cancelled")
            #expect(try await connection.call("echo", arguments: ["text": "after"]).isError == false)
            #expect(await connection.status().state == MCPServerState.ready)
        }
    }

    @Test func cancellingTheCallerCancelsTheCallOnTheServer() async throws {
        try MCPVenv.require()
        let markers = markerDirectory()
        let connection = MCPServerConnection(config: MCPVenv.testServer(timeoutMs: 600_000, markers: markers), registry: ToolRegistry())
        try await withRunning(connection) {
            _ = try await ready(connection)
            let call = Task { try await connection.call("hang", arguments: [:]) }
            #expect(await eventually { marker(markers, "started-hang") != nil })
            let cancelledAt = ContinuousClock.now
            call.cancel()
            let result = await call.result
            #expect(ContinuousClock.now - cancelledAt < .seconds(30), "the call fails at once, not after its 10-minute timeout")
            #expect((try? result.get()) == nil)
            if case .failure(let error as MCPError) = result { #expect(error.code == .cancelled) }
            #expect(await eventually { marker(markers, "cancelled-hang") != nil }, "notifications/cancelled reached the tool")
        }
    }

    @Test func aCrashFailsTheCallAtOnceAndTheServerComesBack() async throws {
        try MCPVenv.require()
        let registry = ToolRegistry()
        let connection = MCPServerConnection(config: MCPVenv.testServer(timeoutMs: 600_000), registry: registry)
        try await withRunning(connection) {
            let before = try await ready(connection)
            let oldPID = try #require(before.pid)
            let started = ContinuousClock.now
            do {
                _ = try await connection.call("crash", arguments: ["code": 7])
                Issue.record("expected the call to fail")
            } catch let error as MCPError {
                #expect(error.code == .serverExited)
                #expect(error.message.contains("exited with status 7"), "\(error.message)")
            }
            #expect(ContinuousClock.now - started < .seconds(60), "at once, not after its 10-minute timeout")
            #expect(registry.tool(named: "t__echo") != nil, "tools stay listed while it restarts")
            #expect(await eventually { let s = await connection.status(); return s.state == .ready && s.restarts == 1 })
            let after = await connection.status()
            #expect(after.lastError?.contains("exited with status 7") == true)
            #expect(after.pid != oldPID)
            #expect(!ProcessTable.exists(oldPID), "the crashed server was reaped")
            #expect(try await connection.call("echo", arguments: ["text": "back"]).content["content"]?[0]?["text"] == "back")
        }
    }

    @Test func listChangedRefreshesTheRegistryAndReportsWhatChanged() async throws {
        try MCPVenv.require()
        let registry = ToolRegistry()
        let refreshes = RefreshLog()
        let connection = MCPServerConnection(config: MCPVenv.testServer(), registry: registry, onRefresh: { refreshes.add($0) })
        try await withRunning(connection) {
            _ = try await ready(connection)
            #expect(refreshes.all.isEmpty, "the first listing is not a refresh")
            _ = try await connection.call("add_tool", arguments: ["tool_name": "fresh"])
            #expect(await eventually { registry.tool(named: "t__fresh") != nil })
            let added = try #require(refreshes.all.first)
            #expect(added == MCPToolsRefresh(server: "t", toolCount: 14, added: ["t__fresh"], removed: [], reason: "list_changed"))
            let fresh = try #require(registry.tool(named: "t__fresh"))
            #expect(try await fresh.call(["text": "hi"], context: .test).content["content"]?[0]?["text"] == "fresh: hi")
            _ = try await connection.call("remove_tool", arguments: ["tool_name": "fresh"])
            #expect(await eventually { registry.tool(named: "t__fresh") == nil })
            #expect(refreshes.all.last?.removed == ["t__fresh"])
            #expect(await connection.status().tools.count == 13)
        }
    }

    /// Within the stderr budget's burst (`MCPExtremesTests` goes past it).
    @Test func stderrGoesToTheLogOneRecordPerLine() async throws {
        try MCPVenv.require()
        let capture = LogCapture()
        let connection = MCPServerConnection(config: MCPVenv.testServer(), registry: ToolRegistry(), logger: capture.logger)
        try await withRunning(connection) {
            _ = try await ready(connection)
            let output = try await connection.call("flood_stderr", arguments: ["lines": 500])
            #expect(output.content["content"]?[0]?["text"] == "wrote 500 lines")
            #expect(await eventually { capture.all.contains { $0.message.hasPrefix("flood line 499 ") } })
            let flood = capture.all.filter { $0.message.hasPrefix("flood line ") }
            #expect(flood.count == 500)
            #expect(flood.allSatisfy { $0.metadata["mcp_server"] == "t" && $0.level == .info })
        }
    }

    @Test func stopLeavesNoProcessBehind() async throws {
        try MCPVenv.require()
        let config = MCPVenv.testServer()
        let connection = MCPServerConnection(config: config, registry: ToolRegistry())
        let pid = try await withRunning(connection) { try #require(try await ready(connection).pid) }
        #expect(await connection.status().state == .stopped)
        #expect(!ProcessTable.exists(pid))
        #expect(ProcessTable.pids(commandLineContaining: config.args[2]).isEmpty)
    }
}

/// Refreshes the hook saw, in order.
///
/// `@unchecked Sendable`: `items` is only touched while `lock` is held.
final class RefreshLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [MCPToolsRefresh] = []
    func add(_ refresh: MCPToolsRefresh) { lock.withLock { items.append(refresh) } }
    var all: [MCPToolsRefresh] { lock.withLock { items } }
}

extension ToolContext {
    static var test: ToolContext {
        ToolContext(orgID: "o", userID: "u", projectID: nil, runID: "run_test", callID: "call_1", workspace: Workspace(root: NSTemporaryDirectory()))
    }
}
