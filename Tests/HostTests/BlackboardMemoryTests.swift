import Foundation
import RPC
import Testing

/// Blackboard entries are episodic memory of their group: `memory/search`
/// finds them in every mode, for every user of the (org, project) and for
/// the group's roles — and for nobody else.
@Suite struct BlackboardMemoryTests {
    @Test(arguments: TestBackend.all)
    func memorySearchFindsBlackboardEntriesInEveryModeWithinTheProjectOnly(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let ann: JSONValue = ["org_id": "acme", "user_id": "ann", "project_id": "p1"]
            let host = try await HostProcess.started(storage, scope: ann)
            let worker = try await host.createRole("worker", script: Script.turns([Script.text("w")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text("d")]))
            let group = try await host.createGroup("ops", roles: [worker, lead])
            for doc in ["Quarterly budget review for the marketing department", "How to bake sourdough bread at home",
                        "The office coffee machine needs descaling every month"] {
                _ = try await host.result("memory/write", ["tier": "archival", "content": .string(doc)])
            }
            let note = try await host.result("blackboard/write", ["group_id": .string(group), "type": "note",
                                                                   "content": "The staging cluster lives in Frankfurt behind the bastion host"])
            let noteID = try #require(note["id"])
            let evidence = try await host.result("blackboard/write", ["group_id": .string(group), "type": "evidence", "role_id": .string(worker),
                                                                       "content": "Latency from Frankfurt to the bastion host is 4 ms"])

            let query = "where does the staging cluster live"
            for mode in ["hybrid", "text", "vector"] {
                let result = try await host.result("memory/search", ["query": .string(query), "k": 3, "mode": .string(mode)])
                let top = try #require(result["hits"]?.arrayValue?.first, "\(mode): \(result)")
                #expect(top["memory_id"] == noteID, "\(mode): \(result)")
                #expect(top["tier"] == "episodic" && top["title"] == "note", "\(mode): \(top)")
            }
            // Searchable by group, by a colleague, and as the worker role (whose
            // filter keeps its own and role-less memories, plus its group's).
            let grouped = try await host.result("memory/search", ["query": "bastion host", "k": 10, "filters": ["group_id": .string(group)]])
            #expect(Set(grouped["hits"]?.arrayValue?.compactMap { $0["memory_id"] } ?? []) == [noteID, evidence["id"]!])
            let colleague: JSONValue = ["org_id": "acme", "user_id": "bob", "project_id": "p1"]
            let theirs = try await host.result("memory/search", ["query": .string(query), "k": 3, "scope": colleague])
            #expect(theirs["hits"]?.arrayValue?.first?["memory_id"] == noteID)
            let asLead = try await host.result("memory/search", ["query": "latency to the bastion", "k": 10, "filters": ["role_id": .string(lead)]])
            #expect(asLead["hits"]?.arrayValue?.contains { $0["memory_id"] == evidence["id"] } == false,
                    "a role filter alone keeps another role's entries out: \(asLead)")
            let got = try await host.result("memory/get", ["id": noteID])
            #expect(got["metadata"]?["blackboard"] == true && got["group_id"] == .string(group) && got["tier"] == "episodic")

            for stranger: JSONValue in [["org_id": "rival", "user_id": "ann", "project_id": "p1"], ["org_id": "acme", "user_id": "ann", "project_id": "p2"]] {
                for mode in ["hybrid", "text", "vector"] {
                    let hits = try await host.result("memory/search", ["query": .string(query), "k": 20, "mode": .string(mode), "scope": stranger])["hits"]
                    #expect(hits == .array([]), "\(stranger) \(mode): \(String(describing: hits))")
                }
                #expect(errorCode(await host.call("memory/get", ["id": noteID, "scope": stranger])) == -32001)
            }
        }
    }

    /// A member role's `memory_search` finds what another member of its
    /// group posted to the blackboard earlier in the same group run.
    @Test(arguments: TestBackend.all)
    func aMemberRoleFindsAnotherMembersProposalWithMemorySearch(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let researcher = try await host.createRole("researcher", script: Script.turns([
                Script.text("Proposal: rotate the signing keys every ninety days"),
            ]))
            let critic = try await host.createRole("critic", script: Script.turns([
                Script.tools([("memory_search", ["query": "signing keys rotation", "top_k": 3, "mode": "vector"]),
                              ("memory_search", ["query": "signing keys rotation", "top_k": 3, "mode": "text"])]),
                Script.text("Agreed with the rotation"),
            ]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text("Rotate every ninety days")]))
            let group = try await host.createGroup("security", roles: [researcher, critic, lead])
            let created = try await host.result("groups/runs/create", ["group_id": .string(group), "input": "How often should we rotate keys?"])
            let runID = try #require(created["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed", "\(done)")

            let board = try await host.result("blackboard/list", ["group_id": .string(group), "type": "proposal", "run_id": .string(runID)])
            let proposal = try #require(board["entries"]?.arrayValue?.first { $0["role_id"] == .string(researcher) })
            let criticRun = try #require(created["children"]?.arrayValue?.first { $0["role_id"] == .string(critic) }?["run_id"]?.stringValue)
            let results = try await host.allEvents(criticRun).filter { $0["type"] == "tool.result" }.map { $0["payload"]! }
            #expect(results.count == 2)
            for result in results {
                #expect(result["is_error"] == false, "\(result)")
                let ids = result["result"]?["hits"]?.arrayValue?.compactMap { $0["id"] } ?? []
                // (The researcher's run summary, with the same words, may rank first.)
                #expect(ids.contains(proposal["id"]!), "\(result)")
            }
        }
    }
}
