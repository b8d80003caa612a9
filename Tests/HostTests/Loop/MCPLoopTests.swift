import Foundation
import RPC
import Testing

/// The loop with a real MCP server (`Tests/Fixtures/mcp/test_mcp_server.py`): read-only
/// calls of one turn run concurrently while a write waits for them, and a
/// server that changes its tool list or comes back from a crash is recorded
/// in the run that can call it (`mcp.tools.refreshed`, `mcp.server.restarted`).
@Suite(.serialized, .enabled(if: MCPFixtures.runs, "needs .venv with the MCP servers (scripts/test-venv)"))
struct MCPLoopTests {
    func host(_ storage: TestStorage, name: String, extra: String = "") async throws -> HostProcess {
        let server = MCPFixtures.testServer(name: name, timeoutMs: 10_000)
        let config = #"{"mcpServers":{"t":"# + server.description + "}" + extra + "}"
        let host = try await HostProcess.started(storage, environment: try Loop.config(storage, config).merging(["MEMORY_ENABLED": "false", "QUEUE_CONCURRENCY": "3"]) { $1 })
        try await host.waitForServers { $0["t"]?["state"] == "ready" }
        return host
    }

    @Test(arguments: TestBackend.all)
    func twoReadOnlyCallsOverlapAndAWriteInTheSameTurnRunsAfterThem(_ backend: TestBackend) async throws {
        try MCPFixtures.require()
        try await withStorage(backend) { storage in
            let name = "oi-par-\(UUID().uuidString)"
            let host = try await host(storage, name: name)
            let script = Script.turns([
                Script.tools([("t__pause", ["ms": 800, "label": "a"]), ("t__pause", ["ms": 800, "label": "b"]),
                              ("write_file", ["path": "after.txt", "content": "written"])]),
                Script.text("done"),
            ])
            let runID = try #require(try await host.createRun("read twice, then write", script: script)["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(60))["status"] == "completed")
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            let pauses = Loop.payloads(events, "tool.result").filter { $0["tool_name"] == "t__pause" }
                .compactMap { $0["result"]?["structured_content"] }
            try #require(pauses.count == 2, "\(events)")
            func time(_ v: JSONValue?) -> Double { v?.doubleValue ?? v?.intValue.map(Double.init) ?? 0 }
            let (a, b) = (pauses[0], pauses[1])
            #expect(a["label"] == "a" && b["label"] == "b", "results go back in call order")
            // Both had started before either finished.
            #expect(time(a["started"]) < time(b["finished"]) && time(b["started"]) < time(a["finished"]), "\(a) \(b)")
            // The write ran after both.
            let file = Loop.workspace(storage) + "/after.txt"
            let written = try #require(try FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date)
            #expect(written.timeIntervalSince1970 >= max(time(a["finished"]), time(b["finished"])) - 0.01)
            let seq = { (type: String, tool: String) in
                events.filter { $0["type"]?.stringValue == type && $0["payload"]?["tool_name"]?.stringValue == tool }.compactMap { $0["seq"]?.intValue }
            }
            #expect(seq("tool.called", "write_file").first ?? 0 > seq("tool.result", "t__pause").max() ?? .max)
            let batch = try #require(Loop.payloads(events, "tool.batch.started").first)
            #expect(batch["strategy"] == "parallel" && batch["tool_count"] == 2)
            let completed = try #require(Loop.payloads(events, "tool.batch.completed").first)
            #expect(completed["success_count"] == 2 && completed["failure_count"] == 0)
        }
    }

    @Test func tools_maxParallelOfOneRunsReadOnlyCallsOneAtATime() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let host = try await host(storage, name: "oi-par1-\(UUID().uuidString)", extra: #","tools":{"maxParallel":1}"#)
            let script = Script.turns([Script.tools([("t__pause", ["ms": 300, "label": "a"]), ("t__pause", ["ms": 300, "label": "b"])]), Script.text("done")])
            let runID = try #require(try await host.createRun("one at a time", script: script)["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(60))["status"] == "completed")
            let pauses = Loop.payloads(try await host.allEvents(runID), "tool.result").compactMap { $0["result"]?["structured_content"] }
            try #require(pauses.count == 2)
            #expect((pauses[1]["started"]?.doubleValue ?? 0) >= (pauses[0]["finished"]?.doubleValue ?? 1))
        }
    }

    @Test func aChangedToolListAndARestartAreRecordedInTheRunningRun() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let name = "oi-notice-\(UUID().uuidString)"
            let host = try await host(storage, name: name)
            let script = Script.turns([
                Script.tools([("t__add_tool", ["tool_name": "fresh"])]),
                Script.tools([("t__fresh", ["text": "hi"])], delayMs: 1000),
                Script.tools([("t__crash", ["code": 9])]),
                // The run stays up while the server is relaunched.
                Script.text("survived", delayMs: 10_000),
            ])
            let runID = try #require(try await host.createRun("change the tools", script: script)["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(90))["output"] == "survived")
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            let refreshed = Loop.payloads(events, "mcp.tools.refreshed")
            let added = try #require(refreshed.first { $0["reason"] == "list_changed" })
            #expect(added["server"] == "t" && added["added"] == ["t__fresh"] && added["removed"] == [])
            #expect((added["tool_count"]?.intValue ?? 0) >= 14)
            #expect(try await host.toolResults(runID)["t__fresh"]?["result"]?["content"]?[0]?["text"] == "fresh: hi")
            let restarted = try #require(Loop.payloads(events, "mcp.server.restarted").first)
            #expect(restarted["server"] == "t" && restarted["restarts"] == 1)
            // Running beside a crash: a run that may not call the server's tools records nothing of it.
            let bystander = try await host.createRun("bystander", script: Script.turns([Script.text("idle", delayMs: 14_000)]),
                                                     extra: ["session_key": "s_by", "agent": ["tools": ["list_files"]]])
            try await host.waitFor(bystander["run_id"]!.stringValue!, ["running"])
            let other = try await host.createRun("crash again", script: Script.turns([Script.tools([("t__crash", ["code": 3])]), Script.text("x", delayMs: 10_000)]),
                                                 extra: ["session_key": "s_other"])
            _ = try await host.waitFor(other["run_id"]!.stringValue!, ["completed"], timeout: .seconds(60))
            _ = try await host.waitFor(bystander["run_id"]!.stringValue!, ["completed"], timeout: .seconds(60))
            let quiet = try await host.allEvents(bystander["run_id"]!.stringValue!)
            #expect(quiet.allSatisfy { !($0["type"]?.stringValue ?? "").hasPrefix("mcp.") })
            let crashed = try await host.allEvents(other["run_id"]!.stringValue!)
            #expect(Loop.payloads(crashed, "mcp.server.restarted").first?["restarts"] == 2)
            host.closeStdin()
            _ = await host.waitExit(timeout: .seconds(30))
            #expect(ProcessTable.pids(commandLineContaining: name).isEmpty)
        }
    }
}
