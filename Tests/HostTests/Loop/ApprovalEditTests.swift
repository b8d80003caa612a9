import Foundation
import RPC
import Testing

/// An approver may change a call's arguments (`runs/approve
/// {modified_args}`, checked against the tool's input schema) or reject it
/// with a reason (`runs/reject`); the model is told either way.
@Suite struct ApprovalEditTests {
    static let rules = #"{"tools":{"rules":[{"action":"ask","tool":"write_file","reason":"writes need a look"}]}}"#
    static let script = Script.turns([
        Script.tools([("write_file", ["path": "draft.md", "content": "first draft"])], text: "writing"),
        Script.text("written"),
    ])

    func waiting(_ host: HostProcess) async throws -> (JSONValue, JSONValue) {
        let runID = try #require(try await host.createRun("write the draft", script: Self.script)["run_id"])
        try await host.waitFor(runID.stringValue!, ["waiting_approval"])
        let asked = try await host.result("runs/events", ["run_id": runID, "type": "tool.requires_approval"])
        return (runID, try #require(asked["events"]?[0]?["payload"]?["call_id"]))
    }

    @Test(arguments: TestBackend.all)
    func anApprovalWithModifiedArgsRunsTheEditedCallAndTellsTheModel(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, Self.rules))
            let (runID, callID) = try await waiting(host)
            let edited: JSONValue = ["path": "reviewed/draft.md", "content": "reviewed draft"]
            let approved = try await host.result("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once", "modified_args": edited])
            #expect(approved["modified_args_applied"] == true)
            #expect(try SchemaFiles.failures(of: approved, method: "runs/approve").isEmpty)
            #expect(try await host.waitFor(runID.stringValue!, ["completed", "failed"])["output"] == "written")
            let workspace = Loop.workspace(storage)
            #expect(try String(contentsOfFile: workspace + "/reviewed/draft.md", encoding: .utf8) == "reviewed draft")
            #expect(!FileManager.default.fileExists(atPath: workspace + "/draft.md"))
            let events = try await host.allEvents(runID.stringValue!)
            try expectWellFormed(events)
            let approval = try #require(Loop.payloads(events, "tool.approved").first)
            #expect(approval["modified_args"] == edited && approval["modified_args_applied"] == true)
            let called = try #require(Loop.payloads(events, "tool.called").first)
            #expect(called["args"] == edited)
            #expect(called["original_args"] == ["path": "draft.md", "content": "first draft"])
            let result = try #require(Loop.payloads(events, "tool.result").first)
            #expect(result["is_error"] == false)
            #expect(result["result"]?["approver_note"]?.stringValue?.contains("modified them to") == true)
            #expect(result["result"]?["path"] == "reviewed/draft.md")
        }
    }

    @Test func anEditThatBreaksTheToolsSchemaIsRefusedAndTheRunKeepsWaiting() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, Self.rules))
            let (runID, callID) = try await waiting(host)
            let missing = try #require(await host.call("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once",
                                                                        "modified_args": ["path": "x.md"]]))
            #expect(missing["error"]?["code"] == .int(-32602), "\(missing)")
            #expect(missing["error"]?["data"]?["path"]?.stringValue?.hasPrefix("params.modified_args") == true)
            let wrongType = try #require(await host.call("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once",
                                                                          "modified_args": ["path": "x.md", "content": 42]]))
            #expect(wrongType["error"]?["code"] == .int(-32602))
            let notAnObject = try #require(await host.call("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once",
                                                                            "modified_args": "rm -rf /"]))
            #expect(notAnObject["error"]?["code"] == .int(-32602))
            let withDeny = try #require(await host.call("runs/approve", ["run_id": runID, "call_id": callID, "decision": "deny",
                                                                         "modified_args": ["path": "x.md", "content": "y"]]))
            #expect(withDeny["error"]?["code"] == .int(-32602))
            #expect(try await host.result("runs/get", ["run_id": runID])["status"] == "waiting_approval")
            // The call is still open: a valid decision goes through.
            _ = try await host.result("runs/approve", ["run_id": runID, "call_id": callID, "decision": "allow_once"])
            #expect(try await host.waitFor(runID.stringValue!, ["completed"])["output"] == "written")
            #expect(try String(contentsOfFile: Loop.workspace(storage) + "/draft.md", encoding: .utf8) == "first draft")
        }
    }

    @Test(arguments: TestBackend.all)
    func aRejectionIsADenialWithAReasonTheModelReads(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, Self.rules))
            let (runID, callID) = try await waiting(host)
            let rejected = try await host.result("runs/reject", ["run_id": runID, "call_id": callID, "reason": "not in drafts/"])
            #expect(try SchemaFiles.failures(of: rejected, method: "runs/reject").isEmpty)
            #expect(rejected["success"] == true && rejected["call_id"] == callID)
            #expect(try await host.waitFor(runID.stringValue!, ["completed"])["output"] == "written")
            #expect(!FileManager.default.fileExists(atPath: Loop.workspace(storage) + "/draft.md"))
            let events = try await host.allEvents(runID.stringValue!)
            try expectWellFormed(events)
            #expect(Loop.payloads(events, "tool.denied").first?["reason"] == "not in drafts/")
            let result = try #require(Loop.payloads(events, "tool.result").first)
            #expect(result["is_error"] == true)
            #expect(result["result"]?["error"]?.stringValue?.contains("not in drafts/") == true)
            let again = try #require(await host.call("runs/reject", ["run_id": runID, "call_id": callID]))
            #expect(again["error"]?["code"] == .int(-32005))
            let unknown = try #require(await host.call("runs/reject", ["run_id": runID, "call_id": "call_nope"]))
            #expect(unknown["error"]?["code"] == .int(-32001))
        }
    }
}
