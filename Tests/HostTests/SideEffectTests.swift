import Foundation
import LoopbackServer
import RPC
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A kill -9 while a tool runs: a side-effecting call runs at most once (it
/// is reported `tool.interrupted` and the model is told), a read-only call
/// at least once (it simply runs again).
@Suite struct SideEffectTests {
    /// A config with the slow-tools MCP server, and `append_slowly` asked about.
    static func config() throws -> String {
        let dir = NSTemporaryDirectory() + "oi-side-effects-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let server: JSONValue = ["command": .string(MCPFixtures.bin + "/python"),
                                 "args": [.string(HostProcess.packageRoot + "/Tests/Fixtures/mcp/slow_tools_mcp_server.py")], "timeout": 30_000]
        let config: JSONValue = ["mcpServers": ["slow": server],
                                 "tools": ["rules": [["action": "ask", "tool": "slow__append_slowly", "reason": "it writes"]]]]
        try Data(config.description.utf8).write(to: URL(fileURLWithPath: dir + "/agent.config.json"))
        return dir + "/agent.config.json"
    }

    static func start(_ storage: TestStorage, config: String) async throws -> HostProcess {
        let host = try HostProcess(arguments: ["--config", config], environment: storage.environment)
        guard await host.initialize()?["result"] != nil else { throw HostCallError(method: "initialize", reply: nil) }
        try await host.waitForServers { $0["slow"]?["state"] == "ready" }
        return host
    }

    static func waitForFile(_ path: String, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !FileManager.default.fileExists(atPath: path) {
            if ContinuousClock.now > deadline { throw HostCallError(method: "waiting for \(path)", reply: nil) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test(arguments: TestBackend.all)
    func anApprovedSideEffectCaughtByAKillRanOnceAndIsReportedInterrupted(_ backend: TestBackend) async throws {
        try MCPFixtures.require()
        try await withStorage(backend) { storage in
            let config = try Self.config()
            let effects = storage.dataDir + "/effects.txt"
            var host = try await Self.start(storage, config: config)
            let script = Script.turns([
                Script.tools([("slow__append_slowly", ["ledger": .string(effects), "line": "paid the invoice", "seconds": 5])]),
                Script.text("done after the interruption"),
            ])
            let run = try await host.createRun("pay it", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            try await host.waitFor(runID, ["waiting_approval"])
            let asked = try #require(try await host.allEvents(runID).first { $0["type"] == "tool.requires_approval" })
            let callID = try #require(asked["payload"]?["call_id"])
            _ = try await host.result("runs/approve", ["run_id": .string(runID), "call_id": callID, "decision": "allow_once"])
            // The call is running (its effect is on disk, its answer is not in): kill -9.
            try await Self.waitForFile(effects)
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit()
            host = try await Self.start(storage, config: config)
            let ended = try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(60))
            #expect(ended["status"] == "completed", "\(ended)")
            #expect(ended["output"] == "done after the interruption")
            let lines = try String(contentsOfFile: effects, encoding: .utf8).split(separator: "\n")
            #expect(lines == ["paid the invoice"], "the side effect ran once")
            let events = try await host.allEvents(runID)
            let interrupted = events.filter { $0["type"] == "tool.interrupted" }
            #expect(interrupted.count == 1)
            #expect(interrupted.first?["payload"]?["call_id"] == callID)
            let result = try #require(events.last { $0["type"] == "tool.result" && $0["payload"]?["call_id"] == callID })
            #expect(result["payload"]?["is_error"] == true)
            #expect(result["payload"]?["result"]?["error"]?.stringValue == "interrupted by a restart; outcome unknown")
            // Resumed twice: after the approval, and after the kill.
            #expect(events.filter { $0["type"] == "run.resumed" }.count == 2)
            #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
        }
    }

    @Test(arguments: TestBackend.all)
    func aReadOnlyCallCaughtByAKillRunsAgainAndTheRunCompletesNormally(_ backend: TestBackend) async throws {
        try MCPFixtures.require()
        try await withStorage(backend) { storage in
            let config = try Self.config()
            let file = storage.dataDir + "/notes.txt"
            try "the notes".write(toFile: file, atomically: true, encoding: .utf8)
            var host = try await Self.start(storage, config: config)
            let script = Script.turns([
                Script.tools([("slow__read_slowly", ["source": .string(file), "seconds": 3])]),
                Script.text("read them"),
            ])
            let run = try await host.createRun("read my notes", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            try await Self.waitForFile(file + ".reads")
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit()
            host = try await Self.start(storage, config: config)
            let ended = try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(60))
            #expect(ended["status"] == "completed", "\(ended)")
            let reads = try String(contentsOfFile: file + ".reads", encoding: .utf8).split(separator: "\n")
            #expect(reads.count == 2, "read-only: run again after the restart")
            let events = try await host.allEvents(runID)
            #expect(!events.contains { $0["type"] == "tool.interrupted" })
            let result = try #require(events.last { $0["type"] == "tool.result" })
            #expect(result["payload"]?["is_error"] == false)
            #expect(result["payload"]?.description.contains("the notes") == true)
        }
    }

    @Test(arguments: TestBackend.all)
    func aToolResultIsStoredOnceAndAResumedRunStillGivesItToTheModel(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let folder = storage.dataDir + "/workspace/org_default/user_default/.none"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let marker = "UNIQUE-CONTENT-" + String(repeating: "x", count: 2000)
            try marker.write(toFile: folder + "/big.txt", atomically: true, encoding: .utf8)
            let script = Script.turns([Script.tools([("file_read", ["path": "big.txt"])]), Script.text("ok")])
            let run = try await host.createRun("read", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            try await host.waitFor(runID, ["completed"])
            let database = try await storage.open()
            defer { Task { await database.close() } }
            let scope = try Scope(orgID: "org_default", userID: "user_default")
            let checkpoints = try await database.checkpoints.list(for: runID, in: scope)
            #expect(!checkpoints.isEmpty)
            #expect(!checkpoints.contains { $0.state.contains("UNIQUE-CONTENT") }, "the result lives in its tool.result event only")
            let stored = try await host.allEvents(runID).filter { $0["type"] == "tool.result" }
            #expect(stored.count == 1 && stored[0].description.contains("UNIQUE-CONTENT"))
        }
    }

    @Test func aResumedRunGivesTheModelTheResultsItsCheckpointsLeftInEvents() async throws {
        try await withStorage(.sqlite) { storage in
            let folder = storage.dataDir + "/workspace/org_default/user_default/.none"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "REHYDRATED-CONTENT of the notes".write(toFile: folder + "/notes.txt", atomically: true, encoding: .utf8)
            func toolTurn(_ id: String, _ name: String, _ args: String) -> String {
                ProviderRunTests.chunk(["role": "assistant", "content": ""])
                    + ProviderRunTests.chunk(["tool_calls": [["index": 0, "id": .string(id), "type": "function", "function": ["name": .string(name), "arguments": .string(args)]]]])
                    + ProviderRunTests.chunk([:], finish: "tool_calls") + ProviderRunTests.usage + "data: [DONE]\n\n"
            }
            let server = try ProviderRunTests.sequence([
                ProviderRunTests.sse(toolTurn("call_read", "file_read", #"{"path":"notes.txt"}"#)),
                ProviderRunTests.sse(toolTurn("call_write", "file_write", #"{"path":"reports/r.md","content":"summary"}"#)),
                ProviderRunTests.sse(ProviderRunTests.answer(["all done"])),
            ])
            defer { server.stop() }
            let config = storage.dataDir + "/agent.config.json"
            try #"{"tools":{"rules":[{"action":"ask","tool":"file_write","reason":"writes need a look"}]}}"#.write(toFile: config, atomically: true, encoding: .utf8)
            let env = storage.environment.merging(["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL + "/v1", "LLM_MODEL": "fake"]) { _, b in b }
            var host = try HostProcess(arguments: ["--config", config], environment: env)
            await host.initialize()
            let runID = try #require(try await host.createRun("read then write")["run_id"]?.stringValue)
            try await host.waitFor(runID, ["waiting_approval"])
            // A new process resumes the run from its checkpoints alone.
            host.closeStdin()
            _ = await host.waitExit()
            host = try HostProcess(arguments: ["--config", config], environment: env)
            await host.initialize()
            _ = try await host.result("runs/approve", ["run_id": .string(runID), "call_id": "call_write", "decision": "allow_once"])
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed", "\(done)")
            let requests = server.requests
            #expect(requests.count == 3)
            let last = try JSONParser.parse(requests[2].body)
            let toolMessages = last["messages"]?.arrayValue?.filter { $0["role"] == "tool" } ?? []
            #expect(toolMessages.count == 2)
            #expect(toolMessages.first?["content"]?.stringValue?.contains("REHYDRATED-CONTENT") == true, "\(toolMessages)")
        }
    }
}
