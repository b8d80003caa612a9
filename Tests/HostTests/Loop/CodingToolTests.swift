import Foundation
import LoopbackServer
import RPC
import Testing

/// The seed's coding tools against a real workspace, over the pipe: search,
/// ranged reads, edits (a replace must match exactly once), moves, deletes,
/// refusals of paths that leave the workspace, the old names as aliases —
/// and `exec_command`: its timeout kills the command with its children, its
/// environment carries no secrets, and under bubblewrap the system is
/// read-only, the data folder hidden and the network gone.
@Suite struct CodingToolTests {
    static let allow = #"{"tools":{"rules":[{"action":"allow","tool":"exec_command"},{"action":"allow","tool":"delete_file"}]}}"#

    /// The tool.result payloads of a run by call id.
    static func results(_ host: HostProcess, _ runID: String) async throws -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for payload in Loop.payloads(try await host.allEvents(runID), "tool.result") {
            out[payload["call_id"]?.stringValue ?? ""] = payload
        }
        return out
    }

    static func seed(_ workspace: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: workspace + "/src/deep", withIntermediateDirectories: true)
        try "import Foundation\nlet x = 1\n// TODO: name it\nprint(x)\n".write(toFile: workspace + "/src/a.swift", atomically: true, encoding: .utf8)
        try "struct C {} // TODO later\n".write(toFile: workspace + "/src/deep/c.swift", atomically: true, encoding: .utf8)
        try "# Notes\n".write(toFile: workspace + "/src/b.md", atomically: true, encoding: .utf8)
        try "same\nsame\n".write(toFile: workspace + "/src/dup.txt", atomically: true, encoding: .utf8)
        try "outside".write(toFile: workspace + "/../outside.txt", atomically: true, encoding: .utf8)
        try fm.createSymbolicLink(atPath: workspace + "/etc-link", withDestinationPath: "/etc")
    }

    @Test(arguments: TestBackend.all)
    func eachCodingToolWorksOnARealWorkspaceAndNothingLeavesIt(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let workspace = Loop.workspace(storage)
            try Self.seed(workspace)
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, Self.allow).merging(["MEMORY_ENABLED": "false"]) { $1 })
            let script = Script.turns([
                Script.tools([
                    ("glob_files", ["pattern": "**/*.swift"]),
                    ("grep_files", ["pattern": "TODO\\b", "path": "src"]),
                    ("read_file", ["path": "src/a.swift", "start_line": 2, "end_line": 3]),
                    ("list_files", ["path": "src"]),
                    ("glob_files", ["pattern": "*.{md,txt}", "cwd": "src"]),
                ]),
                Script.tools([
                    ("write_file", ["path": "out/new.txt", "content": "one\ntwo\n"]),
                    ("replace_in_file", ["path": "src/a.swift", "search_block": "let x = 1", "replace_block": "let x = 2"]),
                    ("replace_in_file", ["path": "src/dup.txt", "search_block": "same", "replace_block": "other"]),
                    ("replace_in_file", ["path": "src/dup.txt", "search_block": "absent", "replace_block": "other"]),
                    ("move_file", ["source": "out/new.txt", "destination": "moved/new.txt"]),
                    ("delete_file", ["path": "src/b.md"]),
                    ("read_file", ["path": "../outside.txt"]),
                    ("read_file", ["path": "/etc/hostname"]),
                    ("read_file", ["path": "etc-link/hostname"]),
                    ("file_read", ["path": "src/a.swift"]),
                ]),
                Script.text("done"),
            ])
            let runID = try #require(try await host.createRun("use the coding tools", script: script)["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"])["status"] == "completed")
            let r = try await Self.results(host, runID)
            #expect(r["call_1_1"]?["result"]?["matches"] == ["src/a.swift", "src/deep/c.swift"])
            let grep = r["call_1_2"]?["result"]?["matches"]?.arrayValue ?? []
            #expect(grep.map { "\($0["path"]?.stringValue ?? ""):\($0["line"]?.intValue ?? 0)" } == ["src/a.swift:3", "src/deep/c.swift:1"])
            #expect(grep.first?["text"] == "// TODO: name it")
            let read = r["call_1_3"]?["result"]
            #expect(read?["content"] == "let x = 1\n// TODO: name it\n")
            #expect(read?["start_line"] == 2 && read?["end_line"] == 3 && read?["total_lines"] == 4)
            #expect(r["call_1_4"]?["result"]?["entries"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a.swift", "b.md", "deep", "dup.txt"])
            #expect(r["call_1_5"]?["result"]?["matches"] == ["b.md", "dup.txt"])

            #expect(r["call_2_1"]?["result"]?["bytes_written"] == 8)
            #expect(r["call_2_2"]?["is_error"] == false)
            #expect(try String(contentsOfFile: workspace + "/src/a.swift", encoding: .utf8).contains("let x = 2"))
            #expect(r["call_2_3"]?["is_error"] == true)
            #expect(r["call_2_3"]?["result"]?["error"]?.stringValue?.contains("matches 2 times") == true)
            #expect(try String(contentsOfFile: workspace + "/src/dup.txt", encoding: .utf8) == "same\nsame\n")
            #expect(r["call_2_4"]?["result"]?["error"]?.stringValue?.contains("not found") == true)
            #expect(r["call_2_5"]?["result"]?["moved"] == true)
            #expect(try String(contentsOfFile: workspace + "/moved/new.txt", encoding: .utf8) == "one\ntwo\n")
            #expect(!FileManager.default.fileExists(atPath: workspace + "/out/new.txt"))
            #expect(r["call_2_6"]?["result"]?["deleted"] == true)
            #expect(!FileManager.default.fileExists(atPath: workspace + "/src/b.md"))
            #expect(r["call_2_7"]?["result"]?["error"]?.stringValue?.contains("escapes the workspace") == true)
            #expect(r["call_2_8"]?["result"]?["error"]?.stringValue?.contains("relative to the workspace") == true)
            #expect(r["call_2_9"]?["result"]?["error"]?.stringValue?.contains("through a link") == true)
            #expect(r["call_2_10"]?["result"]?["content"]?.stringValue?.contains("let x = 2") == true, "the old name still works")

            // Only the seed's names are listed.
            let names = try await host.result("tools/list")["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            for tool in ["glob_files", "grep_files", "read_file", "write_file", "replace_in_file", "move_file", "delete_file", "list_files", "exec_command"] {
                #expect(names.contains(tool), "\(tool)")
            }
            #expect(!names.contains("file_read") && !names.contains("file_write") && !names.contains("file_list"))
            let exec = try await host.result("tools/list")["tools"]?.arrayValue?.first { $0["name"] == "exec_command" }
            #expect(exec?["risk_level"] == "high")
        }
    }

    @Test func fileTypeListsAndTheWriteSizeLimitApply() async throws {
        try await withStorage(.sqlite) { storage in
            let config = #"{"sandbox":{"fileTypeBlacklist":[".env"],"maxWriteSize":10}}"#
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, config))
            let script = Script.turns([
                Script.tools([("write_file", ["path": "app.env", "content": "KEY=1"]), ("write_file", ["path": "big.txt", "content": "0123456789abc"]),
                              ("write_file", ["path": "ok.txt", "content": "small"])]),
                Script.text("done"),
            ])
            let runID = try #require(try await host.createRun("types", script: script)["run_id"]?.stringValue)
            _ = try await host.waitFor(runID, ["completed"])
            let r = try await Self.results(host, runID)
            #expect(r["call_1_1"]?["result"]?["error"]?.stringValue?.contains("fileTypeBlacklist") == true)
            #expect(r["call_1_2"]?["result"]?["error"]?.stringValue?.contains("exceed 10 bytes") == true)
            #expect(r["call_1_3"]?["is_error"] == false)
        }
    }

    @Test func aCommandThatOutlivesItsTimeoutIsKilledWithItsChildren() async throws {
        try await withStorage(.sqlite) { storage in
            let marker = "31.\(Int.random(in: 1000...9999))"
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, Self.allow))
            let script = Script.turns([
                Script.tools([("exec_command", ["command": .string("sleep \(marker) & sleep \(marker); echo never"), "timeout_ms": 1000])]),
                Script.text("done"),
            ])
            let started = ContinuousClock.now
            let runID = try #require(try await host.createRun("wait forever", script: script)["run_id"]?.stringValue)
            _ = try await host.waitFor(runID, ["completed"])
            #expect(ContinuousClock.now - started < .seconds(15))
            let result = try #require(try await Self.results(host, runID)["call_1_1"])
            #expect(result["is_error"] == true)
            #expect(result["result"]?["timed_out"] == true)
            #expect(result["result"]?["stdout"] == "")
            try await Task.sleep(for: .milliseconds(300))
            #expect(ProcessTable.pids(commandLineContaining: "sleep \(marker)").isEmpty, "the command and its background child are gone")
        }
    }

    @Test func theCommandsEnvironmentCarriesNoSecretsAndTheSandboxHoldsTheSystem() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try LoopbackServer { _, conn in _ = conn.respond(200, body: "reachable") }
            defer { server.stop() }
            let env = try Loop.config(storage, Self.allow).merging([
                "LLM_PROVIDER": "scripted", "OPENAI_API_KEY": "sk-secret-4711", "MY_SERVICE_TOKEN": "tok-4712", "VISIBLE_SETTING": "shown",
                "SANDBOX_ENV": "PATH,LANG,MY_SERVICE_TOKEN,VISIBLE_SETTING,OPENAI_API_KEY",
            ]) { $1 }
            let host = try await HostProcess.started(storage, environment: env)
            let port = server.port
            let script = Script.turns([
                Script.tools([
                    ("exec_command", ["command": "env"]),
                    ("exec_command", ["command": "echo hello > made.txt && cat made.txt && pwd"]),
                    ("exec_command", ["command": "touch /etc/oi-sandbox-test"]),
                    ("exec_command", ["command": .string("ls \(storage.dataDir)")]),
                    ("exec_command", ["command": .string("python3 -c \"import socket; socket.create_connection(('127.0.0.1', \(port)), timeout=2); print('connected')\"")]),
                    ("exec_command", ["command": "mkdir -p sub && cd sub && echo in-sub > f && cat f", "cwd": "."]),
                    ("exec_command", ["command": "pwd", "cwd": "sub"]),
                ]),
                Script.text("done"),
            ])
            let runID = try #require(try await host.createRun("look around", script: script)["run_id"]?.stringValue)
            _ = try await host.waitFor(runID, ["completed"], timeout: .seconds(60))
            let r = try await Self.results(host, runID)
            let workspace = Loop.workspace(storage)
            let environment = r["call_1_1"]?["result"]?["stdout"]?.stringValue ?? ""
            #expect(environment.contains("VISIBLE_SETTING=shown"))
            #expect(environment.contains("HOME=\(workspace)"))
            #expect(!environment.contains("sk-secret-4711") && !environment.contains("tok-4712"))
            #expect(!environment.contains("DATA_DIR") && !environment.contains("OI_CONFIG"))
            #expect(r["call_1_1"]?["result"]?["sandboxed"] == true)
            #expect(r["call_1_2"]?["result"]?["stdout"] == .string("hello\n\(workspace)\n"))
            #expect(try String(contentsOfFile: workspace + "/made.txt", encoding: .utf8) == "hello\n")
            #expect(r["call_1_3"]?["result"]?["exit_code"] != 0)
            #expect(!FileManager.default.fileExists(atPath: "/etc/oi-sandbox-test"))
            // The data folder (the database) is hidden; only the workspace shows.
            let listing = r["call_1_4"]?["result"]?["stdout"]?.stringValue ?? ""
            #expect(!listing.contains("openintern.sqlite"), "\(listing)")
            #expect(r["call_1_5"]?["result"]?["exit_code"] != 0)
            #expect(r["call_1_5"]?["result"]?["stdout"]?.stringValue?.contains("connected") == false)
            #expect(server.requests.isEmpty)
            #expect(r["call_1_6"]?["result"]?["stdout"] == "in-sub\n")
            #expect(r["call_1_7"]?["result"]?["stdout"] == .string(workspace + "/sub\n"))
        }
    }

    @Test func withoutBubblewrapTheCommandIsRefusedUnlessTheSandboxIsOff() async throws {
        try await withStorage(.sqlite) { storage in
            let config = try Loop.config(storage, Self.allow)
            let script = Script.turns([Script.tools([("exec_command", ["command": "echo ran; echo $HOME"])]), Script.text("done")])
            // No bwrap on this PATH.
            let host = try await HostProcess.started(storage, environment: config.merging(["PATH": "/nonexistent"]) { $1 })
            let refused = try #require(try await host.createRun("try", script: script)["run_id"]?.stringValue)
            _ = try await host.waitFor(refused, ["completed"])
            let result = try #require(try await Self.results(host, refused)["call_1_1"])
            #expect(result["is_error"] == true)
            #expect(result["result"]?["error"]?.stringValue?.contains("bubblewrap") == true)
            host.closeStdin()
            _ = await host.waitExit()
            let open = try await HostProcess.started(storage, environment: config.merging(["SANDBOX_ENABLED": "false"]) { $1 })
            let ran = try #require(try await open.createRun("try", script: script, extra: ["session_key": "s_open"])["run_id"]?.stringValue)
            _ = try await open.waitFor(ran, ["completed"])
            let output = try #require(try await Self.results(open, ran)["call_1_1"])
            #expect(output["result"]?["stdout"] == .string("ran\n\(Loop.workspace(storage))\n"))
            #expect(output["result"]?["sandboxed"] == false)
        }
    }

    @Test func execCommandAsksForApprovalByDefault() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            let script = Script.turns([Script.tools([("exec_command", ["command": "echo hi"])]), Script.text("done")])
            let runID = try #require(try await host.createRun("ask first", script: script)["run_id"]?.stringValue)
            try await host.waitFor(runID, ["waiting_approval"])
            let asked = try await host.result("runs/events", ["run_id": .string(runID), "type": "tool.requires_approval"])
            #expect(asked["events"]?[0]?["payload"]?["tool_name"] == "exec_command")
            #expect(asked["events"]?[0]?["payload"]?["risk_level"] == "high")
        }
    }
}
