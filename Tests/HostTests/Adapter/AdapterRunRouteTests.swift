import Foundation
import RPC
import Testing

/// The runs routes over real HTTP, against a real adapter and its host, on
/// both backends: the seed's statuses and bodies, ours as the RPC results.
@Suite struct AdapterRunRouteTests {
    static let ann: RESTScope = ("acme", "ann", nil)

    @Test(arguments: TestBackend.all)
    func everyRunRouteAnswersWithTheSeedsStatusesAndBodies(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let created = try await adapter.send("POST", "/api/runs", json: ["input": "hello", "session_key": "s_rest"], scope: Self.ann)
            #expect(created.status == 201, "\(created.text)")
            let runID = try #require(created.json["run_id"]?.stringValue)
            #expect(created.json["status"] == "pending")
            #expect(created.json["created_at"]?.stringValue != nil)

            let run = try await adapter.waitForRun(runID, ["completed"], scope: Self.ann)
            #expect(run["output"] == "You said: hello")
            for field in ["run_id", "session_key", "status", "started_at", "ended_at", "duration_ms", "event_count", "tool_call_count", "parent_run_id"] {
                #expect(run[field] != nil, "RunMeta lacks \(field)")
            }

            let list = try await adapter.send("GET", "/api/runs?session_key=s_rest&status=completed,failed&limit=5", scope: Self.ann)
            #expect(list.status == 200)
            #expect(list.json["runs"]?.arrayValue?.compactMap { $0["run_id"] } == [.string(runID)])

            let session = try await adapter.send("GET", "/api/sessions/s_rest/runs?page=1&limit=5", scope: Self.ann)
            #expect(session.json["total"] == 1 && session.json["page"] == 1 && session.json["limit"] == 5, "\(session.text)")
            let badPage = try await adapter.send("GET", "/api/sessions/s_rest/runs?page=0", scope: Self.ann)
            #expect(badPage.status == 400 && badPage.errorCode == "VALIDATION_ERROR" && badPage.json["error"]?["details"]?["field"] == "page")
            let notANumber = try await adapter.send("GET", "/api/sessions/s_rest/runs?limit=many", scope: Self.ann)
            #expect(notANumber.status == 400 && notANumber.json["error"]?["details"]?["field"] == "limit")

            let page = try await adapter.send("GET", "/api/runs/\(runID)/events?limit=2", scope: Self.ann)
            #expect(page.json["events"]?.arrayValue?.compactMap { $0["seq"]?.intValue } == [1, 2])
            #expect(page.json["next_cursor"] == "2")
            let rest = try await adapter.send("GET", "/api/runs/\(runID)/events?cursor=2&include_tokens=true&type=run.completed", scope: Self.ann)
            #expect(rest.json["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == ["run.completed"])

            let export = try await adapter.send("GET", "/api/runs/\(runID)/export", scope: Self.ann)
            #expect(export.status == 200 && export.json["format"] == "json" && export.json["run"]?["run_id"] == .string(runID))

            let finished = try await adapter.send("POST", "/api/runs/\(runID)/cancel", scope: Self.ann)
            #expect(finished.status == 400 && finished.errorCode == "RUN_ALREADY_FINISHED", "\(finished.text)")
            #expect(finished.json["error"]?["details"]?["rpc_code"] == .int(-32005))

            let slow = try await adapter.send("POST", "/api/runs", json: [
                "input": "wait", "agent": ["script": Script.turns([Script.text("late", delayMs: 30_000)])],
            ], scope: Self.ann)
            let slowID = try #require(slow.json["run_id"]?.stringValue)
            let cancelled = try await adapter.send("POST", "/api/runs/\(slowID)/cancel", scope: Self.ann)
            #expect(cancelled.status == 200 && cancelled.json["success"] == true && cancelled.json["run_id"] == .string(slowID))

            let missing = try await adapter.send("GET", "/api/runs/run_0000000000000000000000000", scope: Self.ann)
            #expect(missing.status == 404 && missing.errorCode == "NOT_FOUND")
            let unknownField = try await adapter.send("POST", "/api/runs", json: ["input": "x", "attachment": []], scope: Self.ann)
            #expect(unknownField.status == 400 && unknownField.json["error"]?["details"]?["field"] == "attachment")
            let malformed = try await adapter.send("POST", "/api/runs", rawBody: Array(#"{"input": "#.utf8), scope: Self.ann)
            #expect(malformed.status == 400 && malformed.errorCode == "VALIDATION_ERROR")
            let notAnObject = try await adapter.send("POST", "/api/runs", json: ["input"], scope: Self.ann)
            #expect(notAnObject.status == 400)
            let unknownRoute = try await adapter.send("GET", "/api/nothing/here", scope: Self.ann)
            #expect(unknownRoute.status == 404 && unknownRoute.json["error"]?["message"] == "Endpoint not found")
            let wrongVerb = try await adapter.send("DELETE", "/api/runs", scope: Self.ann)
            #expect(wrongVerb.status == 405 && wrongVerb.headers["Allow"] == "GET, POST")
        }
    }

    @Test func approvalsRejectionsAndInjectionsTakeTheSeedsBodies() async throws {
        try await withStorage(.sqlite) { storage in
            let config = storage.dataDir + "/agent.config.json"
            try Data(ApprovalTests.rules.utf8).write(to: URL(fileURLWithPath: config))
            let adapter = try await AdapterProcess.start(storage, environment: ["OI_CONFIG": config])
            let created = try await adapter.send("POST", "/api/runs", json: ["input": "file it", "agent": ["script": ApprovalTests.script]], scope: Self.ann)
            let runID = try #require(created.json["run_id"]?.stringValue)
            try await adapter.waitForRun(runID, ["waiting_approval"], scope: Self.ann)
            let events = try await adapter.send("GET", "/api/runs/\(runID)/events?type=tool.requires_approval", scope: Self.ann)
            let callID = try #require(events.json["events"]?[0]?["payload"]?["call_id"]?.stringValue)

            let unknownCall = try await adapter.send("POST", "/api/runs/\(runID)/approve", json: ["tool_call_id": "call_nope"], scope: Self.ann)
            #expect(unknownCall.status == 404 && unknownCall.errorCode == "APPROVAL_NOT_FOUND", "\(unknownCall.text)")
            let badEdit = try await adapter.send("POST", "/api/runs/\(runID)/approve", json: ["tool_call_id": .string(callID), "modified_args": ["path": "x"]],
                                                 scope: Self.ann)
            #expect(badEdit.status == 400 && badEdit.json["error"]?["details"]?["field"]?.stringValue?.hasPrefix("modified_args") == true, "\(badEdit.text)")
            let noID = try await adapter.send("POST", "/api/runs/\(runID)/approve", json: [:], scope: Self.ann)
            #expect(noID.status == 400 && noID.json["error"]?["details"]?["field"] == "tool_call_id", "\(noID.text)")

            let edit: JSONValue = ["path": "reports/q3-final.md", "content": "edited numbers"]
            let approved = try await adapter.send("POST", "/api/runs/\(runID)/approve", json: ["tool_call_id": .string(callID), "modified_args": edit],
                                                  scope: Self.ann)
            #expect(approved.status == 200, "\(approved.text)")
            #expect(approved.json["success"] == true && approved.json["run_id"] == .string(runID) && approved.json["tool_call_id"] == .string(callID))
            #expect(approved.json["modified_args_applied"] == true)
            try await adapter.waitForRun(runID, ["completed"], scope: Self.ann)
            let called = try await adapter.send("GET", "/api/runs/\(runID)/events?type=tool.called", scope: Self.ann)
            #expect(called.json["events"]?[0]?["payload"]?["args"] == edit, "\(called.text)")
            let again = try await adapter.send("POST", "/api/runs/\(runID)/approve", json: ["tool_call_id": .string(callID)], scope: Self.ann)
            #expect(again.status == 400 && again.errorCode == "RUN_NOT_WAITING", "\(again.text)")

            // Reject: the seed's body, the model reads the rejection and the run goes on.
            let second = try await adapter.send("POST", "/api/runs", json: ["input": "file it", "agent": ["script": ApprovalTests.script]], scope: Self.ann)
            let secondID = try #require(second.json["run_id"]?.stringValue)
            try await adapter.waitForRun(secondID, ["waiting_approval"], scope: Self.ann)
            let asked = try await adapter.send("GET", "/api/runs/\(secondID)/events?type=tool.requires_approval", scope: Self.ann)
            let secondCall = try #require(asked.json["events"]?[0]?["payload"]?["call_id"]?.stringValue)
            let rejected = try await adapter.send("POST", "/api/runs/\(secondID)/reject", json: ["tool_call_id": .string(secondCall), "reason": "not now"],
                                                  scope: Self.ann)
            #expect(rejected.status == 200 && rejected.json["tool_call_id"] == .string(secondCall) && rejected.json["success"] == true, "\(rejected.text)")
            try await adapter.waitForRun(secondID, ["completed"], scope: Self.ann)
            let rejection = try await adapter.send("GET", "/api/runs/\(secondID)/events?type=tool.denied", scope: Self.ann)
            #expect(rejection.json["events"]?.arrayValue?.count == 1, "\(rejection.text)")
            let late = try await adapter.send("POST", "/api/runs/\(secondID)/reject", json: ["tool_call_id": .string(secondCall)], scope: Self.ann)
            #expect(late.status == 400 && late.errorCode == "RUN_NOT_WAITING", "\(late.text)")

            // Inject: a waiting run takes a message; a finished one is RUN_NOT_INJECTABLE.
            let third = try await adapter.send("POST", "/api/runs", json: ["input": "file it", "agent": ["script": ApprovalTests.script]], scope: Self.ann)
            let thirdID = try #require(third.json["run_id"]?.stringValue)
            try await adapter.waitForRun(thirdID, ["waiting_approval"], scope: Self.ann)
            let injected = try await adapter.send("POST", "/api/runs/\(thirdID)/inject", json: ["message": "use the Q3 template"], scope: Self.ann)
            #expect(injected.status == 200 && injected.json["success"] == true && injected.json["injection_id"]?.stringValue != nil, "\(injected.text)")
            let blank = try await adapter.send("POST", "/api/runs/\(thirdID)/inject", json: ["message": "  "], scope: Self.ann)
            #expect(blank.status == 400 && blank.json["error"]?["details"]?["field"] == "message", "\(blank.text)")
            let finished = try await adapter.send("POST", "/api/runs/\(runID)/inject", json: ["message": "too late"], scope: Self.ann)
            #expect(finished.status == 400 && finished.errorCode == "RUN_NOT_INJECTABLE", "\(finished.text)")
            let marker = try await adapter.send("GET", "/api/runs/\(thirdID)/events?type=user.injected", scope: Self.ann)
            #expect(marker.json["events"]?[0]?["payload"]?["message"] == "use the Q3 template", "\(marker.text)")
        }
    }
}

extension AdapterProcess {
    /// Polls `GET /api/runs/:id` until its status is one of `statuses`.
    @discardableResult
    func waitForRun(_ runID: String, _ statuses: Set<String>, scope: RESTScope? = nil, token: String? = nil,
                    timeout: Duration = .seconds(30)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let reply = try await send("GET", "/api/runs/\(runID)", token: token, scope: scope)
            if let status = reply.json["status"]?.stringValue, statuses.contains(status) { return reply.json }
            if ContinuousClock.now > deadline { throw AdapterStartFailure(log: "run \(runID) never reached \(statuses): \(reply.text)") }
            try await Task.sleep(for: .milliseconds(25))
        }
    }
}
