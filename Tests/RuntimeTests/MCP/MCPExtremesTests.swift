import Foundation
import Logging
import RPC
import Testing
@testable import Runtime

/// A server at the extremes, through `MCPServerConnection`: an answer over
/// the line limit fails its call at once and leaves the server up; a stderr
/// flood is read at full speed and logged within its budget, every dropped
/// line counted.
// Serialized: Python servers on two shared cores (see MCPServerConnectionTests).
@Suite(.serialized, .enabled(if: MCPVenv.runs, "needs .venv with the MCP servers (scripts/test-venv)"))
struct MCPExtremesTests {
    func ready(_ connection: MCPServerConnection) async throws {
        await connection.waitForFirstLaunch(timeout: .seconds(60))
        let status = await connection.status()
        try #require(status.state == .ready, "\(status.name) is \(status.state): \(status.lastError ?? "")")
    }

    @Test func aTwentyMegabyteAnswerFailsItsCallAtOnceAndTheServerStaysUp() async throws {
        try MCPVenv.require()
        let config = MCPVenv.testServer(timeoutMs: 60_000)
        let connection = MCPServerConnection(config: config, registry: ToolRegistry())
        try await withRunning(connection) {
            try await ready(connection)
            let pid = await connection.status().pid
            let started = ContinuousClock.now
            do {
                _ = try await connection.call("big", arguments: ["size": 20_000_000])
                Issue.record("expected the call to fail")
            } catch let error as MCPError {
                #expect(error.code == .answerTooLarge)
                #expect(error.message.hasPrefix("tools/call big: answer of 200000"), "\(error.message)")
                #expect(error.message.hasSuffix("bytes exceeds the limit of 16777216 bytes (mcp.maxLineBytes)"), "\(error.message)")
            }
            #expect(ContinuousClock.now - started < .seconds(30), "at once, not after the call's 60 s timeout")
            #expect(try await connection.call("echo", arguments: ["text": "after"]).content["content"]?[0]?["text"] == "after")
            let status = await connection.status()
            #expect(status.state == .ready)
            #expect(status.restarts == 0)
            #expect(status.pid == pid, "the same process: the connection stayed in step")
        }
    }

    @Test func aSmallerLineLimitIsHonoured() async throws {
        try MCPVenv.require()
        var config = MCPVenv.testServer()
        config.limits.maxLineBytes = 65_536
        let connection = MCPServerConnection(config: config, registry: ToolRegistry())
        try await withRunning(connection) {
            try await ready(connection)
            #expect(try await connection.call("big", arguments: ["size": 60_000]).isError == false)
            await #expect(throws: MCPError.self) { try await connection.call("big", arguments: ["size": 70_000]) }
        }
    }

    @Test func aFiftyMegabyteStderrFloodIsLoggedWithinItsBudgetAndEveryLineCounted() async throws {
        try MCPVenv.require()
        let capture = LogCapture()
        let config = MCPVenv.testServer(timeoutMs: 60_000)
        let connection = MCPServerConnection(config: config, registry: ToolRegistry(), logger: capture.logger)
        let started = ContinuousClock.now
        try await withRunning(connection) {
            try await ready(connection)
            let output = try await connection.call("flood_stderr_bytes", arguments: ["megabytes": 50])
            #expect(output.content["content"]?[0]?["text"] == "wrote 50 MB")
        }
        let floodLines = 500_000
        func logged() -> [LogCapture.Record] { capture.all.filter { $0.message.hasPrefix("stderr flood ") } }
        func dropped() -> Int {
            capture.all.compactMap { record -> Int? in
                guard record.level == .warning, let range = record.message.range(of: "dropped ") else { return nil }
                return Int(record.message[range.upperBound...].prefix { $0.isNumber })
            }.reduce(0, +)
        }
        // The count of the last dropped lines is logged when stderr ends.
        #expect(await eventually(timeout: .seconds(30)) { logged().count + dropped() == floodLines },
                "logged \(logged().count) + dropped \(dropped()) of \(floodLines)")
        let seconds = Double((ContinuousClock.now - started).components.seconds) + 1
        let limits = MCPClientLimits()
        #expect(Double(logged().count) <= Double(limits.stderrLinesPerSecond) * (MCPStderrLog.burstSeconds + seconds))
        let bytes = capture.all.reduce(0) { $0 + $1.message.utf8.count }
        #expect(bytes < 1_000_000, "\(bytes) bytes of log for a 50 MB flood")
        let summaries = capture.all.filter { $0.message.contains("stderr lines") }
        #expect(summaries.allSatisfy { $0.message.hasPrefix("server t: dropped ") && $0.metadata["mcp_server"] == "t" })
    }
}
