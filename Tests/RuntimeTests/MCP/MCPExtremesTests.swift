import Foundation
import Logging
import RPC
import Testing
@testable import Runtime

/// A server at the extremes, through `MCPServerConnection`: an answer over
/// the line limit fails its call at once and leaves the server up.
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
}
