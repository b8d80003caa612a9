import Foundation
import RPC
import Testing

/// Roles, groups and members over the pipe: CRUD, partial updates, the
/// member and active-run rules on delete, all-or-nothing batch deletes.
@Suite struct TeamResourceTests {
    @Test(arguments: TestBackend.all)
    func rolesAreCreatedUpdatedAndDeletedAsDocumented(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let researcher = try await host.createRole("researcher", allowed: ["file_*"], denied: ["file_write"])
            #expect(errorCode(await host.call("roles/create", ["name": "researcher", "system_prompt": "again"])) == -32004)
            #expect(errorCode(await host.call("roles/create", ["name": "x", "system_prompt": "p", "model": ["provider": "nope"]])) == -32602)
            let got = try await host.result("roles/get", ["role_id": .string(researcher)])
            #expect(got["allowed_tools"] == ["file_*"] && got["denied_tools"] == ["file_write"] && got["is_lead"] == false)
            #expect(try await host.result("roles/get", ["role_id": "researcher"])["id"] == .string(researcher))

            let updated = try await host.result("roles/update", ["role_id": .string(researcher), "description": "digs",
                                                                 "model": ["provider": "scripted", "model": "m1"]])
            #expect(try SchemaFiles.failures(of: updated, method: "roles/update").isEmpty)
            #expect(updated["description"] == "digs" && updated["system_prompt"] == "You help." && updated["model"]?["model"] == "m1")
            let cleared = try await host.result("roles/update", ["role_id": .string(researcher), "model": .null])
            #expect(cleared["model"] == .null && cleared["description"] == "digs")
            #expect(errorCode(await host.call("roles/update", ["role_id": "role_missing", "name": "y"])) == -32001)

            let lead = try await host.createRole("lead", lead: true)
            let group = try await host.createGroup("team", roles: [researcher, lead])
            let listed = try await host.result("roles/list", [:])
            #expect(try SchemaFiles.failures(of: listed, method: "roles/list").isEmpty)
            #expect(listed["roles"]?.arrayValue?.count == 2)

            // A member role is refused (-32004) unless forced; force removes its memberships.
            let refused = await host.call("roles/delete", ["role_id": .string(researcher)])
            #expect(errorCode(refused) == -32004)
            #expect(refused?["error"]?["message"]?.stringValue?.contains(group) == true)
            let stats = try await host.result("roles/stats", ["role_id": .string(researcher)])
            #expect(try SchemaFiles.failures(of: stats, method: "roles/stats").isEmpty)
            #expect(stats["group_count"] == 1 && stats["runs"] == 0)
            #expect(try await host.result("roles/delete", ["role_id": .string(researcher), "force": true])["deleted"] == true)
            let members = try await host.result("groups/members/list", ["group_id": .string(group)])
            #expect(members["members"]?.arrayValue?.compactMap { $0["role_id"]?.stringValue } == [lead])
            #expect(errorCode(await host.call("roles/get", ["role_id": .string(researcher)])) == -32001)
        }
    }

    @Test(arguments: TestBackend.all)
    func groupsAndMembersFollowTheirRules(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let a = try await host.createRole("a"), b = try await host.createRole("b"), lead = try await host.createRole("boss", lead: true)
            let created = try await host.result("groups/create", ["name": "g", "description": "d", "config": ["fail_fast": true]])
            #expect(try SchemaFiles.failures(of: created, method: "groups/create").isEmpty)
            #expect(created["config"]?["fail_fast"] == true && created["project_id"] == .null)
            let group = try #require(created["id"])
            #expect(errorCode(await host.call("groups/create", ["name": "g"])) == -32004)

            let first = try await host.result("groups/members/add", ["group_id": group, "role_id": .string(b)])
            #expect(try SchemaFiles.failures(of: first, method: "groups/members/add").isEmpty)
            _ = try await host.result("groups/members/add", ["group_id": group, "role_id": .string(lead)])
            _ = try await host.result("groups/members/add", ["group_id": group, "role_id": .string(a), "ordinal": 0])
            // A duplicate member is a conflict, not an internal error.
            #expect(errorCode(await host.call("groups/members/add", ["group_id": group, "role_id": .string(a)])) == -32004)
            #expect(errorCode(await host.call("groups/members/add", ["group_id": group, "role_id": "role_nope"])) == -32001)
            var members = try await host.result("groups/members/list", ["group_id": group])
            #expect(try SchemaFiles.failures(of: members, method: "groups/members/list").isEmpty)
            // a was put at 0 beside b: equal ordinals keep the order they were added in.
            #expect(members["members"]?.arrayValue?.compactMap { $0["role_id"]?.stringValue } == [b, a, lead])
            let moved = try await host.result("groups/members/update", ["group_id": group, "member_id": first["id"]!, "ordinal": 9])
            #expect(moved["ordinal"] == 9)
            members = try await host.result("groups/members/list", ["group_id": group])
            #expect(members["members"]?.arrayValue?.compactMap { $0["role_id"]?.stringValue } == [a, lead, b])
            #expect(try await host.result("groups/members/remove", ["group_id": group, "member_id": first["id"]!])["removed"] == true)
            #expect(errorCode(await host.call("groups/members/remove", ["group_id": group, "member_id": first["id"]!])) == -32001)

            let updated = try await host.result("groups/update", ["group_id": group, "name": "g2"])
            #expect(updated["name"] == "g2" && updated["description"] == "d" && updated["config"]?["fail_fast"] == true)
            let stats = try await host.result("groups/stats", ["group_id": group])
            #expect(try SchemaFiles.failures(of: stats, method: "groups/stats").isEmpty)
            #expect(stats["run_count"] == 0 && stats["avg_duration_ms"] == .null)
            let history = try await host.result("groups/runs", ["group_id": group])
            #expect(history["runs"] == .array([]))
            let listed = try await host.result("groups/list", [:])
            #expect(try SchemaFiles.failures(of: listed, method: "groups/list").isEmpty)
            #expect(listed["groups"]?.arrayValue?.count == 1)
            // project_id names the project: another project's list is empty.
            #expect(try await host.result("groups/list", ["project_id": "p9"])["groups"] == .array([]))
        }
    }

    @Test(arguments: TestBackend.all)
    func aGroupRunNeedsExactlyOneLeadAndAnotherMember(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let worker = try await host.createRole("worker")
            let boss = try await host.createRole("boss", lead: true), boss2 = try await host.createRole("boss2", lead: true)
            let noLead = try await host.createGroup("no-lead", roles: [worker])
            let twoLeads = try await host.createGroup("two-leads", roles: [worker, boss, boss2])
            let onlyLead = try await host.createGroup("only-lead", roles: [boss])
            for (group, words) in [(noLead, "no lead"), (twoLeads, "2 leads"), (onlyLead, "no members besides its lead")] {
                let reply = await host.call("groups/runs/create", ["group_id": .string(group), "input": "go"])
                #expect(errorCode(reply) == -32005, "\(group): \(String(describing: reply))")
                #expect(reply?["error"]?["message"]?.stringValue?.contains(words) == true, "\(String(describing: reply))")
            }
            #expect(errorCode(await host.call("groups/runs/create", ["group_id": "grp_missing", "input": "go"])) == -32001)
            #expect(try await host.result("runs/list", [:])["runs"] == .array([]))
        }
    }

    @Test(arguments: TestBackend.all)
    func batchDeletesAreAllOrNothingAndNeverTouchAnotherTenant(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, scope: ["org_id": "acme", "user_id": "ann", "project_id": "p1"])
            let other: JSONValue = ["org_id": "rival", "user_id": "eve", "project_id": "p1"]
            let mine = [try await host.createRole("r1"), try await host.createRole("r2")]
            let theirs = try await host.createRole("r1", scope: other)
            let refused = await host.call("roles/batch_delete", ["ids": .array((mine + [theirs]).map(JSONValue.string))])
            #expect(errorCode(refused) == -32001)
            #expect(refused?["error"]?["data"]?["missing"] == .array([.string(theirs)]))
            #expect(try await host.result("roles/list", [:])["roles"]?.arrayValue?.count == 2)
            #expect(try await host.result("roles/list", ["scope": other])["roles"]?.arrayValue?.count == 1)
            let deleted = try await host.result("roles/batch_delete", ["ids": .array(mine.map(JSONValue.string))])
            #expect(try SchemaFiles.failures(of: deleted, method: "roles/batch_delete").isEmpty)
            #expect(deleted["deleted"] == 2)
            #expect(try await host.result("roles/list", ["scope": other])["roles"]?.arrayValue?.count == 1)

            let g1 = try await host.createGroup("g1", roles: []), g2 = try await host.createGroup("g2", roles: [])
            let foreign = try await host.createGroup("g1", roles: [], scope: other)
            let missing = await host.call("groups/batch_delete", ["ids": .array([.string(g1), .string(foreign), "grp_none"])])
            #expect(errorCode(missing) == -32001)
            #expect(Set(missing?["error"]?["data"]?["missing"]?.arrayValue ?? []) == [.string(foreign), "grp_none"])
            #expect(try await host.result("groups/batch_delete", ["ids": [.string(g1), .string(g2)]])["deleted"] == 2)
            #expect(try await host.result("groups/get", ["group_id": .string(foreign), "scope": other])["name"] == "g1")
        }
    }
}
