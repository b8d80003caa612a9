import Foundation
import RPC
import Testing

/// Group runs over the pipe: the SerialOrchestrator's message order, the
/// blackboard, per-role tools, failures and cancellation.
@Suite struct GroupRunTests {
    static let decision = #"{"decision":"Ship on SQLite, plan PostgreSQL","rationale":"both proposals agree on shipping","next_actions":["write the migration guide"]}"#

    /// researcher (may list files, not write them), critic (echoes what it
    /// was told: the task and the blackboard so far), lead (may list files).
    func threeRoles(_ host: HostProcess) async throws -> (researcher: String, critic: String, lead: String, group: String) {
        let researcher = try await host.createRole("researcher", script: Script.turns([
            Script.tools([("file_list", [:]), ("file_write", ["path": "notes.md", "content": "x"])], text: "looking"),
            Script.text("Proposal A: ship on SQLite"),
        ]), allowed: ["file_list"])
        let critic = try await host.createRole("critic", script: Script.turns([]))
        let lead = try await host.createRole("lead", lead: true, script: Script.turns([
            Script.tools([("file_list", [:])], text: "checking"), Script.text(Self.decision),
        ]), allowed: ["file_list"])
        let group = try await host.createGroup("platform", roles: [researcher, critic, lead])
        return (researcher, critic, lead, group)
    }

    @Test(arguments: TestBackend.all)
    func membersProposeThenTheLeadDecidesAndTheDecisionIsTheOutput(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let team = try await threeRoles(host)
            let created = try await host.result("groups/runs/create", ["group_id": .string(team.group), "input": "Which database?"])
            #expect(try SchemaFiles.failures(of: created, method: "groups/runs/create").isEmpty)
            #expect(created["agent_id"] == .string("group:\(team.group)") && created["group_id"] == .string(team.group))
            let children = created["children"]?.arrayValue ?? []
            #expect(children.compactMap { $0["role_id"]?.stringValue } == [team.researcher, team.critic, team.lead])
            let runID = try #require(created["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed")
            #expect(done["output"] == "Ship on SQLite, plan PostgreSQL")

            let events = try await host.events(runID)
            try expectWellFormed(try await host.allEvents(runID))
            let messages = events.filter { $0["type"]?.stringValue?.hasPrefix("message.") == true }
            let trail = messages.map { "\($0["type"]!.stringValue!)/\($0["payload"]?["state"]?.stringValue ?? "-")@\($0["role_id"]?.stringValue ?? "?")" }
            var expected: [String] = []
            for role in [team.researcher, team.critic] {
                expected += ["message.task/-@\(role)", "message.status/working@\(role)", "message.proposal/-@\(role)",
                             "message.evidence/-@\(role)", "message.status/done@\(role)"]
            }
            expected += ["message.task/-@\(team.lead)", "message.status/working@\(team.lead)", "message.decision/-@\(team.lead)",
                         "message.status/done@\(team.lead)"]
            #expect(trail == expected)
            #expect(messages.allSatisfy { $0["group_id"] == .string(team.group) && $0["message_type"] != nil })
            #expect(events.first?["type"] == "run.started" && events.last?["type"] == "run.completed")
            let decision = try #require(messages.first { $0["type"] == "message.decision" }?["payload"])
            #expect(decision["rationale"] == "both proposals agree on shipping" && decision["next_actions"] == ["write the migration guide"])
            #expect(decision["evidence_refs"]?.arrayValue?.count == 4)
            let evidence = messages.first { $0["type"] == "message.evidence" }?["payload"]
            #expect(evidence?["refs"]?.arrayValue?.map { $0["type"]?.stringValue ?? "" } == ["tool_result", "tool_blocked"])

            // The critic saw the researcher's proposal on the blackboard.
            let criticProposal = messages.first { $0["type"] == "message.proposal" && $0["role_id"] == .string(team.critic) }
            #expect(criticProposal?["payload"]?["plan"]?.stringValue?.contains("Proposal A: ship on SQLite") == true)

            // Per-role tools: the researcher's file_write is blocked; the lead's file_list works.
            let researcherRun = try #require(children[0]["run_id"])
            let blocked = try await host.result("runs/events", ["run_id": researcherRun, "type": "tool.blocked"])["events"]?.arrayValue ?? []
            #expect(blocked.map { $0["payload"]?["tool_name"] } == ["file_write"])
            #expect(blocked.first?["payload"]?["rule"] == "role:allowed")
            let leadResults = try await host.result("runs/events", ["run_id": children[2]["run_id"]!, "type": "tool.result"])["events"]?.arrayValue ?? []
            #expect(leadResults.map { $0["payload"]?["is_error"] } == [false])
            for child in children {
                let run = try await host.result("runs/get", ["run_id": child["run_id"]!])
                #expect(run["status"] == "completed" && run["parent_run_id"] == .string(runID) && run["role_id"] == child["role_id"])
            }

            // The blackboard holds the proposals, evidence, decision and to-do.
            let board = try await host.result("blackboard/list", ["group_id": .string(team.group)])
            #expect(try SchemaFiles.failures(of: board, method: "blackboard/list").isEmpty)
            let kinds = board["entries"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []
            #expect(kinds.sorted() == ["decision", "evidence", "evidence", "proposal", "proposal", "todo"])
            let decided = try await host.result("blackboard/list", ["group_id": .string(team.group), "type": "decision"])["entries"]?.arrayValue
            #expect(decided?.first?["content"] == "Ship on SQLite, plan PostgreSQL" && decided?.first?["run_id"] == .string(runID))

            let stats = try await host.result("groups/stats", ["group_id": .string(team.group)])
            #expect(stats["run_count"] == 1 && stats["completed_count"] == 1 && stats["success_rate"]?.doubleValue == 1)
            #expect((stats["avg_duration_ms"]?.doubleValue ?? -1) >= 0)
            let history = try await host.result("groups/runs", ["group_id": .string(team.group)])
            #expect(try SchemaFiles.failures(of: history, method: "groups/runs").isEmpty)
            #expect(history["runs"]?.arrayValue?.map { $0["output"] } == ["Ship on SQLite, plan PostgreSQL"])
            let roleStats = try await host.result("roles/stats", ["role_id": .string(team.researcher)])
            #expect(roleStats["runs"] == 1 && roleStats["completed"] == 1 && roleStats["tool_calls"] == 1)
            #expect((roleStats["input_tokens"]?.intValue ?? 0) > 0)
            let future = try await host.result("roles/stats", ["role_id": .string(team.researcher), "from": "2999-01-01T00:00:00Z"])
            #expect(future["runs"] == 0 && future["tool_calls"] == 0)
        }
    }

    @Test(arguments: TestBackend.all)
    func theBlackboardIsWrittenByUsersAndRolesOfTheGroup(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let team = try await threeRoles(host)
            let outsider = try await host.createRole("outsider")
            let note = try await host.result("blackboard/write", ["group_id": .string(team.group), "type": "note", "content": "remember the backups",
                                                                   "refs": ["run_x"], "metadata": ["source": "test"]])
            #expect(try SchemaFiles.failures(of: note, method: "blackboard/write").isEmpty)
            #expect(note["metadata"]?["blackboard"] == true && note["metadata"]?["source"] == "test" && note["refs"] == ["run_x"])
            let got = try await host.result("blackboard/get", ["group_id": .string(team.group), "entry_id": note["id"]!])
            #expect(try SchemaFiles.failures(of: got, method: "blackboard/get").isEmpty)
            #expect(got["content"] == "remember the backups")
            let byLead = try await host.result("blackboard/write", ["group_id": .string(team.group), "type": "decision", "content": "yes", "role_id": .string(team.lead)])
            #expect(byLead["role_id"] == .string(team.lead))
            #expect(errorCode(await host.call("blackboard/write", ["group_id": .string(team.group), "type": "decision", "content": "no",
                                                                   "role_id": .string(team.critic)])) == -32007)
            #expect(errorCode(await host.call("blackboard/write", ["group_id": .string(team.group), "type": "note", "content": "hi",
                                                                   "role_id": .string(outsider)])) == -32001)
            #expect(errorCode(await host.call("blackboard/write", ["group_id": .string(team.group), "type": "proposal", "content": "x"])) == -32602)
            let other = try await host.createGroup("other", roles: [])
            #expect(errorCode(await host.call("blackboard/get", ["group_id": .string(other), "entry_id": note["id"]!])) == -32001)
            // Shared within (org, project): a colleague sees it; another project does not.
            let colleague = try await host.result("blackboard/list", ["group_id": .string(team.group), "scope": ["org_id": "org_default", "user_id": "bob"]])
            #expect(colleague["entries"]?.arrayValue?.count == 2)
            #expect(errorCode(await host.call("blackboard/list", ["group_id": .string(team.group), "scope": ["org_id": "org_default", "user_id": "bob", "project_id": "p2"]])) == -32001)
        }
    }

    @Test(arguments: TestBackend.all)
    func aFailedMemberIsReportedAndTheLeadDecidesUnlessFailFast(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let broken = try await host.createRole("broken", script: Script.turns([["error": ["message": "model down", "status": 400]]]))
            let fine = try await host.createRole("fine", script: Script.turns([Script.text("fine proposal")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text("decided with what we have")]))
            let tolerant = try await host.createGroup("tolerant", roles: [broken, fine, lead])
            let run = try await host.result("groups/runs/create", ["group_id": .string(tolerant), "input": "go"])
            let done = try await host.waitFor(run["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(done["status"] == "completed" && done["output"] == "decided with what we have")
            let statuses = try await host.events(run["run_id"]!.stringValue!).filter { $0["type"] == "message.status" }
            #expect(statuses.map { $0["payload"]?["state"]?.stringValue ?? "" } == ["working", "failed", "working", "done", "working", "done"])
            #expect(statuses[1]["payload"]?["error"]?["message"]?.stringValue?.contains("model down") == true)

            let strict = try await host.createGroup("strict", roles: [broken, fine, lead], config: ["fail_fast": true])
            let second = try await host.result("groups/runs/create", ["group_id": .string(strict), "input": "go"])
            let failed = try await host.waitFor(second["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(failed["status"] == "failed" && failed["error"]?["code"] == "role_failed")
            for child in second["children"]?.arrayValue?.dropFirst() ?? [] {
                #expect(try await host.result("runs/get", ["run_id": child["run_id"]!])["status"] == "cancelled")
            }
            let events = try await host.events(second["run_id"]!.stringValue!)
            #expect(!events.contains { $0["type"] == "message.decision" })
        }
    }

    @Test(arguments: TestBackend.all)
    func cancellingAGroupRunStopsTheCurrentMemberAndSkipsTheRest(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let slow = try await host.createRole("slow", script: Script.turns([Script.text("late", delayMs: 20_000)]))
            let next = try await host.createRole("next", script: Script.turns([Script.text("never")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text("never")]))
            let group = try await host.createGroup("g", roles: [slow, next, lead])
            let run = try await host.result("groups/runs/create", ["group_id": .string(group), "input": "go"])
            let runID = try #require(run["run_id"])
            let children = run["children"]?.arrayValue?.compactMap { $0["run_id"] } ?? []
            try await host.waitFor(children[0].stringValue!, ["running"])
            // An active group run keeps its group from being deleted.
            #expect(errorCode(await host.call("groups/delete", ["group_id": .string(group)])) == -32005)
            _ = try await host.result("runs/cancel", ["run_id": runID])
            let cancelled = try await host.waitFor(runID.stringValue!, ["cancelled", "failed", "completed"], timeout: .seconds(10))
            #expect(cancelled["status"] == "cancelled")
            for child in children {
                #expect(try await host.result("runs/get", ["run_id": child])["status"] == "cancelled")
            }
            #expect(!(try await host.events(runID.stringValue!)).contains { $0["type"] == "message.decision" })
            #expect(try await host.result("groups/delete", ["group_id": .string(group)])["deleted"] == true)
        }
    }
}
