import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// MCP servers behind the host, over the real pipe: `tools/list`,
/// `mcp/servers/list`, scripted runs that call MCP tools, and servers that
/// hang, crash, flood stderr and change their tools — each ending in a
/// clean tool error or a refresh, with no process left behind.
// Serialized: each test starts Python servers, CPU-heavy on two shared cores;
// one at a time keeps the rest of the suite's timing tests honest.
@Suite(.serialized, .enabled(if: MCPFixtures.runs, "needs .venv with the MCP servers (scripts/test-venv)"))
struct MCPHostTests {
    func host(_ servers: [String: JSONValue], storage: TestStorage, environment: [String: String] = [:]) async throws -> HostProcess {
        let path = try MCPFixtures.config(servers)
        let host = try HostProcess(arguments: ["--config", path], environment: storage.environment.merging(environment) { _, b in b })
        let reply = await host.initialize()
        guard reply?["result"] != nil else { throw HostCallError(method: "initialize", reply: reply) }
        return host
    }

    @Test func toolsListAndServersListShowTheConfiguredServers() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let repo = try MCPFixtures.gitRepository()
            let host = try await host(["time": MCPFixtures.time, "git": MCPFixtures.git(repository: repo),
                                       "ghost": ["command": "/nonexistent/mcp-ghost"]], storage: storage)
            let servers = try await host.waitForServers { $0["time"]?["state"] == "ready" && $0["git"]?["state"] == "ready" && $0["ghost"]?["state"] == "failed" }
            let list = try await host.result("mcp/servers/list")
            #expect(try SchemaFiles.failures(of: list, method: "mcp/servers/list").isEmpty)
            #expect(list["servers"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["ghost", "git", "time"])
            let time = try #require(servers["time"])
            #expect(time["protocol_version"] == "2025-11-25")
            #expect(time["tools"] == ["time__get_current_time", "time__convert_time"])
            #expect(time["tool_count"] == 2)
            #expect(time["restarts"] == 0)
            #expect(time["last_error"] == .null)
            #expect(servers["git"]?["tools"]?.arrayValue?.contains("git__git_status") == true)
            #expect(servers["ghost"]?["last_error"] == "MCP server 'ghost': command not found: /nonexistent/mcp-ghost")

            let tools = try await host.result("tools/list")
            #expect(try SchemaFiles.failures(of: tools, method: "tools/list").isEmpty)
            var byName: [String: JSONValue] = [:]
            for tool in tools["tools"]?.arrayValue ?? [] { byName[tool["name"]?.stringValue ?? ""] = tool }
            let current = try #require(byName["time__get_current_time"])
            #expect(current["source"] == ["kind": "mcp", "server": "time"])
            #expect(current["risk_level"] == "low")
            #expect(current["input_schema"]?["required"] == ["timezone"])
            #expect(byName["read_file"]?["source"] == ["kind": "builtin"])
            #expect(byName["file_read"] == nil, "an alias is not listed")
            #expect(byName["git__git_status"]?["source"]?["server"] == "git")
            let scoped = await host.call("tools/list", ["scope": ["org_id": "bad org"]])
            #expect(scoped?["error"]?["code"] == -32003)
            #expect(scoped?["error"]?["data"]?["path"] == "params.scope.org_id")
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
        }
    }

    @Test(arguments: TestBackend.all)
    func aScriptedRunCallsMCPToolsAndRecordsTheirResults(_ backend: TestBackend) async throws {
        try MCPFixtures.require()
        try await withStorage(backend) { storage in
            let repo = try MCPFixtures.gitRepository()
            let host = try await host(["time": MCPFixtures.time, "git": MCPFixtures.git(repository: repo)], storage: storage)
            let script = Script.turns([
                Script.tools([("time__get_current_time", ["timezone": "UTC"]), ("git__git_status", ["repo_path": .string(repo)]),
                              ("git__git_status", ["repo_path": "/etc"])]),
                Script.text("It is now in UTC."),
            ])
            let run = try await host.createRun("What time is it?", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(90))
            #expect(done["status"] == "completed", "\(done)")
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            let results = events.filter { $0["type"] == "tool.result" }.compactMap { $0["payload"] }
            try #require(results.count == 3)
            #expect(results[0]["tool_name"] == "time__get_current_time")
            #expect(results[0]["is_error"] == false)
            #expect(results[0]["result"]?["structured_content"]?["timezone"] == "UTC")
            #expect(results[0]["result"]?["structured_content"]?["datetime"]?.stringValue?.hasSuffix("+00:00") == true)
            #expect(results[1]["is_error"] == false)
            #expect(results[1]["result"]?["content"]?[0]?["text"]?.stringValue?.contains("On branch main") == true)
            #expect(results[2]["is_error"] == true, "a path outside the repository is a tool error")
            #expect(results[2]["result"]?.description.contains("outside the allowed repository") == true)
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
        }
    }

    @Test func misbehavingServerCasesEndInToolErrorsOrARefreshAndNoProcessIsLeft() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let name = "oi-test-\(UUID().uuidString)"
            let markers = MCPFixtures.markerDirectory()
            let host = try await host(["t": MCPFixtures.testServer(name: name, timeoutMs: 1500, markers: markers)], storage: storage)
            let first = try await host.waitForServers { $0["t"]?["state"] == "ready" }
            var pids: Set<Int32> = [Int32(first["t"]?["pid"]?.intValue ?? 0)]

            // The tool list changes under a run: the registry follows.
            let adding = try await host.createRun("add", script: Script.turns([Script.tools([("t__add_tool", ["tool_name": "fresh"])]), Script.text("added")]))
            try await host.waitFor(try #require(adding["run_id"]?.stringValue), ["completed"], timeout: .seconds(90))
            try await host.waitForServers { $0["t"]?["tools"]?.arrayValue?.contains("t__fresh") == true }
            let tools = try await host.result("tools/list")
            #expect(tools["tools"]?.arrayValue?.contains { $0["name"] == "t__fresh" } == true)

            let script = Script.turns([
                Script.tools([("t__fresh", ["text": "hi"]), ("t__hang", [:]), ("t__fail", ["message": "no such invoice"]),
                              ("t__flood_stderr", ["lines": 3000])]),
                Script.tools([("t__crash", ["code": 9])]),
                Script.text("survived"),
            ])
            let run = try await host.createRun("misbehave", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(90))
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["output"] == "survived")
            let results = try await host.toolResults(runID)
            #expect(results["t__fresh"]?["is_error"] == false)
            #expect(results["t__fresh"]?["result"]?["content"]?[0]?["text"] == "fresh: hi")
            #expect(results["t__hang"]?["is_error"] == true)
            #expect(results["t__hang"]?["result"]?["error"] == "MCP server 't': tools/call hang timed out after 1500 ms")
            #expect(results["t__fail"]?["is_error"] == true)
            #expect(results["t__fail"]?["result"]?.description.contains("no such invoice") == true)
            #expect(results["t__flood_stderr"]?["is_error"] == false)
            #expect(results["t__crash"]?["is_error"] == true)
            #expect(results["t__crash"]?["result"]?["error"]?.stringValue?.contains("exited with status 9") == true, "\(results["t__crash"] ?? .null)")
            #expect(MCPFixtures.marker(markers, "cancelled-hang"), "the timed-out call was cancelled on the server")

            // Restarted after the crash; a relaunch lists afresh (the added tool is gone).
            let after = try await host.waitForServers { $0["t"]?["state"] == "ready" && ($0["t"]?["restarts"]?.intValue ?? 0) >= 1 }
            #expect(after["t"]?["last_error"]?.stringValue?.contains("exited with status 9") == true)
            #expect(after["t"]?["tools"]?.arrayValue?.contains("t__fresh") == false)
            let newPID = Int32(after["t"]?["pid"]?.intValue ?? 0)
            #expect(!pids.contains(newPID))
            pids.insert(newPID)
            #expect(pids.subtracting([newPID]).allSatisfy { ProcessTable.state($0) == nil }, "the crashed server was reaped")

            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
            #expect(ProcessTable.pids(commandLineContaining: name).isEmpty, "no server process outlives the host")
            #expect(pids.allSatisfy { ProcessTable.state($0) == nil }, "and none is a zombie")
            #expect(host.violations.isEmpty)
        }
    }

    @Test func cancellingARunCancelsItsMCPCall() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let markers = MCPFixtures.markerDirectory()
            let host = try await host(["t": MCPFixtures.testServer(name: "oi-test-\(UUID().uuidString)", timeoutMs: 600_000, markers: markers)], storage: storage)
            try await host.waitForServers { $0["t"]?["state"] == "ready" }
            let run = try await host.createRun("hang", script: Script.turns([Script.tools([("t__hang", [:])]), Script.text("never")]))
            let runID = try #require(run["run_id"]?.stringValue)
            let deadline = ContinuousClock.now + .seconds(60)
            while !MCPFixtures.marker(markers, "started-hang") && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try #require(MCPFixtures.marker(markers, "started-hang"))
            let cancelledAt = ContinuousClock.now
            _ = try await host.result("runs/cancel", ["run_id": .string(runID)])
            let done = try await host.waitFor(runID, ["cancelled", "completed", "failed"], timeout: .seconds(90))
            #expect(done["status"] == "cancelled")
            #expect(ContinuousClock.now - cancelledAt < .seconds(60), "not after the call's 10-minute timeout")
            let deadline2 = ContinuousClock.now + .seconds(60)
            while !MCPFixtures.marker(markers, "cancelled-hang") && ContinuousClock.now < deadline2 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(MCPFixtures.marker(markers, "cancelled-hang"), "notifications/cancelled reached the server")
            let servers = try await host.waitForServers { $0["t"]?["state"] == "ready" }
            #expect(servers["t"]?["restarts"] == 0, "a cancelled call does not cost the server its life")
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
        }
    }

    @Test func serverStderrGoesToTheHostLogAndNeverToStdout() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let name = "oi-test-\(UUID().uuidString)"
            let path = try MCPFixtures.config(["t": MCPFixtures.testServer(name: name)])
            let host = try HostProcess(arguments: ["--config", path], environment: storage.environment.merging(["OI_LOG_LEVEL": "info"]) { _, b in b })
            let stderr = LineCapture(host.stderr)
            _ = await host.initialize()
            try await host.waitForServers { $0["t"]?["state"] == "ready" }
            // Within the stderr budget's burst of 1000 lines.
            let run = try await host.createRun("flood", script: Script.turns([Script.tools([("t__flood_stderr", ["lines": 500])]), Script.text("ok")]))
            try await host.waitFor(try #require(run["run_id"]?.stringValue), ["completed"], timeout: .seconds(90))
            let deadline = ContinuousClock.now + .seconds(60)
            while !stderr.all.contains(where: { $0.contains("flood line 499 ") }) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let flood = stderr.all.filter { $0.contains("flood line ") }
            #expect(flood.count == 500)
            #expect(flood.allSatisfy { $0.contains("mcp_server=t") })
            #expect(stderr.all.contains { $0.contains("test server \(name) starting") })
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
            #expect(host.violations.isEmpty, "stdout carried protocol only")
        }
    }

    @Test func theCLIRunStartsTheServersUsesTheirToolsAndStopsThem() async throws {
        try MCPFixtures.require()
        let name = "oi-test-\(UUID().uuidString)"
        let config = try MCPFixtures.config(["time": MCPFixtures.time, "t": MCPFixtures.testServer(name: name)])
        let dir = (config as NSString).deletingLastPathComponent
        let script = dir + "/script.json"
        let turns = Script.turns([Script.tools([("time__get_current_time", ["timezone": "Europe/Paris"]), ("t__echo", ["text": "from the CLI"])]),
                                  Script.text("done")])
        try Data(turns.description.utf8).write(to: URL(fileURLWithPath: script))
        var environment = ProcessInfo.processInfo.environment
        for key in ["DATABASE_URL", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "LLM_PROVIDER"] { environment[key] = nil }
        environment["DATA_DIR"] = dir + "/data"
        let out = ExclusivePipe(), err = ExclusivePipe()
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { close(null) }
        let p = try SpawnedChild(HostProcess.binary, arguments: ["run", "what time is it in Paris?", "--json", "--script", script, "--config", config],
                                 environment: environment, stdin: null, stdout: out.childEnd.fileDescriptor, stderr: err.childEnd.fileDescriptor)
        out.closeChildEnd()
        err.closeChildEnd()
        // Read and wait without blocking a thread of the (two-thread) cooperative pool.
        let stdout = LineCapture(out), stderr = LineCapture(err)
        let status = await p.exit(within: .seconds(120))
        try #require(status != nil, "oi-host run did not finish")
        #expect(status == 0, "\(stderr.all.joined(separator: "\n"))")
        #expect(await stdout.waitForEnd())
        let events = stdout.all.compactMap { try? JSONParser.parse($0) }
        let results = events.filter { $0["type"] == "tool.result" }.compactMap { $0["payload"] }
        #expect(results.count == 2)
        #expect(results.first?["result"]?["structured_content"]?["timezone"] == "Europe/Paris")
        #expect(results.last?["result"]?["content"]?[0]?["text"] == "from the CLI")
        #expect(events.last?["type"] == "run.completed")
        #expect(ProcessTable.pids(commandLineContaining: name).isEmpty, "the CLI stopped the servers it started")
    }
}

/// Start-up with a server that never answers (standard-library Python only).
@Suite struct MCPHostStartupTests {
    @Test func initializeDoesNotWaitForAServerThatNeverAnswers() async throws {
        try await withStorage(.sqlite) { storage in
            let marker = "oi-raw-\(UUID().uuidString)"
            let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "python3"
            let silent: JSONValue = ["command": .string(python), "args": [.string(HostProcess.packageRoot + "/Tests/Fixtures/mcp/raw_mcp_server.py"), "--silent", "--marker", .string(marker)],
                                     "startupTimeout": 600_000]
            let path = try MCPFixtures.config(["silent": silent])
            let started = ContinuousClock.now
            let host = try HostProcess(arguments: ["--config", path], environment: storage.environment)
            let reply = await host.initialize()
            #expect(reply?["result"] != nil)
            #expect(ContinuousClock.now - started < .seconds(60), "far less than the server's 10-minute start-up limit")
            let servers = try await host.waitForServers { $0["silent"] != nil }
            #expect(servers["silent"]?["state"] == "starting")
            #expect(try await host.result("system/health")["status"] == "ok")
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
            #expect(ProcessTable.pids(commandLineContaining: marker).isEmpty)
        }
    }
}
