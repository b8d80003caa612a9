import Foundation
import RPC
import Testing

/// Durable approvals over the pipe: a call that needs one parks the run in
/// `waiting_approval` (surviving a restart) until `runs/approve` decides.
@Suite struct ApprovalTests {
    static let rules = #"{"tools":{"rules":[{"action":"ask","tool":"file_write","args":{"path":"^reports/"},"reason":"reports need a look"}]}}"#

    func configured(_ storage: TestStorage) throws -> [String: String] {
        let path = storage.dataDir + "/agent.config.json"
        try Data(Self.rules.utf8).write(to: URL(fileURLWithPath: path))
        return ["OI_CONFIG": path]
    }

    static let script = Script.turns([
        Script.tools([("file_write", ["path": "reports/q3.md", "content": "numbers"])], text: "filing"),
        Script.text("filed"),
    ])

    @Test(arguments: TestBackend.all)
    func anApprovalSurvivesARestartAndResumesTheRun(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = try configured(storage)
            var host = try await HostProcess.started(storage, environment: env)
            _ = try await host.result("runs/subscribe", [:])
            let runID = try #require(try await host.createRun("file the report", script: Self.script)["run_id"])
            var asked: JSONValue?
            while asked == nil, let note = await host.nextNotification() {
                if note["params"]?["event"]?["type"] == "tool.requires_approval" { asked = note["params"]?["event"] }
            }
            let callID = try #require(asked?["payload"]?["call_id"])
            #expect(asked?["payload"]?["tool_name"] == "file_write")
            try await host.waitFor(runID.stringValue!, ["waiting_approval"])
            let file = storage.dataDir + "/workspace/org_default/user_default/.none/reports/q3.md"
            #expect(!FileManager.default.fileExists(atPath: file))

            host.closeStdin()
            _ = await host.waitExit()
            host = try await HostProcess.started(storage, environment: env)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await host.result("runs/get", ["run_id": runID])["status"] == "waiting_approval")

            let stranger = try #require(await host.call("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once",
                                                                         "scope": ["org_id": "other", "user_id": "x"]]))
            #expect(stranger["error"]?["code"] == .int(-32001))
            let approved = try await host.result("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once"])
            #expect(try SchemaFiles.failures(of: approved, method: "runs/approve").isEmpty)
            let done = try await host.waitFor(runID.stringValue!, ["completed"])
            #expect(done["output"] == "filed")
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "numbers")
            let events = try await host.allEvents(runID.stringValue!)
            try expectWellFormed(events)
            let types = events.compactMap { $0["type"]?.stringValue }.filter { $0 != "llm.token" }
            #expect(types.contains("tool.requires_approval") && types.contains("tool.approved") && types.contains("run.resumed"))
            #expect(events.filter { $0["type"] == "tool.result" }.count == 1)
            let again = try #require(await host.call("runs/approve", ["run_id": runID, "call_id": callID, "decision": "deny"]))
            #expect(again["error"]?["code"] == .int(-32005))
        }
    }

    @Test(arguments: TestBackend.all)
    func aDenialIsToldToTheModelAndAllowAlwaysIsRemembered(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: try configured(storage))
            let denied = try await host.createRun("deny me", script: Self.script)["run_id"]!
            try await host.waitFor(denied.stringValue!, ["waiting_approval"])
            let call = try await host.result("runs/events", ["run_id": denied, "type": "tool.requires_approval"])["events"]?.arrayValue?.first?["payload"]?["call_id"]
            _ = try await host.result("runs/approve", ["run_id": denied, "call_id": call!, "decision": "deny", "reason": "not today"])
            try await host.waitFor(denied.stringValue!, ["completed"])
            let result = try await host.result("runs/events", ["run_id": denied, "type": "tool.result"])["events"]?.arrayValue?.first?["payload"]
            #expect(result?["is_error"] == true)
            #expect(result?["result"]?["error"]?.stringValue?.contains("not today") == true)
            let deniedEvent = try await host.result("runs/events", ["run_id": denied, "type": "tool.denied"])["events"]?.arrayValue?.first
            #expect(deniedEvent?["payload"]?["reason"] == "not today")

            let first = try await host.createRun("always", script: Self.script)["run_id"]!
            try await host.waitFor(first.stringValue!, ["waiting_approval"])
            let firstCall = try await host.result("runs/events", ["run_id": first, "type": "tool.requires_approval"])["events"]?.arrayValue?.first?["payload"]?["call_id"]
            _ = try await host.result("runs/approve", ["run_id": first, "call_id": firstCall!, "decision": "allow_always"])
            try await host.waitFor(first.stringValue!, ["completed"])
            let second = try await host.createRun("no question this time", script: Self.script)["run_id"]!
            try await host.waitFor(second.stringValue!, ["completed"])
            let asks = try await host.result("runs/events", ["run_id": second, "type": "tool.requires_approval"])
            #expect(asks["events"] == .array([]))
            // The grant belongs to this scope only.
            let elsewhere = try await host.createRun("other tenant", script: Self.script, extra: ["scope": ["org_id": "org_b", "user_id": "u"]])
            try await host.waitFor(elsewhere["run_id"]!.stringValue!, ["waiting_approval"], scope: ["org_id": "org_b", "user_id": "u"])
        }
    }

    @Test(arguments: TestBackend.all)
    func aHighRiskCallIsBlockedAndTheRunGoesOn(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let script = Script.turns([
                Script.tools([("file_write", ["path": "../../escape.txt", "content": "x"]), ("delete_everything", [:])], text: "try"),
                Script.text("gave up"),
            ])
            let id = try await host.createRun("be bad", script: script)["run_id"]!
            let done = try await host.waitFor(id.stringValue!, ["completed"])
            #expect(done["output"] == "gave up")
            let blocked = try await host.result("runs/events", ["run_id": id, "type": "tool.blocked"])["events"]?.arrayValue ?? []
            #expect(blocked.compactMap { $0["payload"]?["rule"]?.stringValue } == ["builtin:outside-workspace", "builtin:deleting"])
            #expect(try await host.result("runs/events", ["run_id": id, "type": "tool.called"])["events"] == .array([]))
            #expect(!FileManager.default.fileExists(atPath: storage.dataDir + "/workspace/escape.txt"))
        }
    }
}
