import Foundation
import RPC
import Testing

/// Roles, groups, members and blackboards are shared within (org, project):
/// another org's or project's are invisible and immutable (not found).
@Suite struct TeamScopeTests {
    @Test(arguments: TestBackend.all)
    func anotherOrgOrProjectCannotSeeOrChangeATeam(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, scope: ["org_id": "acme", "user_id": "ann", "project_id": "p1"])
            let worker = try await host.createRole("worker", script: Script.turns([Script.text("w")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text("d")]))
            let group = try await host.createGroup("team", roles: [worker, lead])
            let entry = try await host.result("blackboard/write", ["group_id": .string(group), "type": "note", "content": "secret plan"])
            let members = try await host.result("groups/members/list", ["group_id": .string(group)])["members"]?.arrayValue ?? []
            let member = try #require(members.first?["id"])

            // A colleague in the same (org, project) shares them.
            let colleague: JSONValue = ["org_id": "acme", "user_id": "bob", "project_id": "p1"]
            #expect(try await host.result("roles/list", ["scope": colleague])["roles"]?.arrayValue?.count == 2)
            #expect(try await host.result("groups/get", ["group_id": .string(group), "scope": colleague])["name"] == "team")

            for stranger: JSONValue in [["org_id": "rival", "user_id": "ann", "project_id": "p1"], ["org_id": "acme", "user_id": "ann", "project_id": "p2"]] {
                #expect(try await host.result("roles/list", ["scope": stranger])["roles"] == .array([]))
                #expect(try await host.result("groups/list", ["scope": stranger])["groups"] == .array([]))
                let calls: [(String, JSONValue)] = [
                    ("roles/get", ["role_id": .string(worker)]),
                    ("roles/update", ["role_id": .string(worker), "name": "hijacked"]),
                    ("roles/delete", ["role_id": .string(worker), "force": true]),
                    ("roles/stats", ["role_id": .string(worker)]),
                    ("groups/get", ["group_id": .string(group)]),
                    ("groups/update", ["group_id": .string(group), "name": "hijacked"]),
                    ("groups/delete", ["group_id": .string(group), "force": true]),
                    ("groups/stats", ["group_id": .string(group)]),
                    ("groups/runs", ["group_id": .string(group)]),
                    ("groups/members/list", ["group_id": .string(group)]),
                    ("groups/members/add", ["group_id": .string(group), "role_id": .string(worker)]),
                    ("groups/members/update", ["group_id": .string(group), "member_id": member, "ordinal": 5]),
                    ("groups/members/remove", ["group_id": .string(group), "member_id": member]),
                    ("groups/runs/create", ["group_id": .string(group), "input": "steal"]),
                    ("blackboard/list", ["group_id": .string(group)]),
                    ("blackboard/get", ["group_id": .string(group), "entry_id": entry["id"]!]),
                    ("blackboard/write", ["group_id": .string(group), "type": "note", "content": "graffiti"]),
                    ("roles/batch_delete", ["ids": [.string(worker)], "force": true]),
                    ("groups/batch_delete", ["ids": [.string(group)], "force": true]),
                ]
                for (method, params) in calls {
                    guard case .object(var p) = params else { continue }
                    p["scope"] = stranger
                    let reply = await host.call(method, .object(p))
                    #expect(errorCode(reply) == -32001, "\(method) as \(stranger): \(String(describing: reply))")
                }
            }
            // Nothing changed.
            #expect(try await host.result("roles/get", ["role_id": .string(worker)])["name"] == "worker")
            #expect(try await host.result("groups/get", ["group_id": .string(group)])["name"] == "team")
            #expect(try await host.result("groups/members/list", ["group_id": .string(group)])["members"]?.arrayValue?.count == 2)
            let board = try await host.result("blackboard/list", ["group_id": .string(group)])["entries"]?.arrayValue ?? []
            #expect(board.map { $0["content"] } == ["secret plan"])
        }
    }
}
