import Foundation
import RPC
import Testing

/// Skills: stored per (org, project), discovered from SKILL.md folders, and
/// loaded by runs.
@Suite struct SkillTests {
    @Test(arguments: TestBackend.all)
    func skillsAreStoredPerOrgAndProjectAndLoadedByRuns(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let folder = storage.dataDir + "/skills/release-notes"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("""
            ---
            name: release-notes
            description: Write release notes
            tools: [file_read, file_list]
            ---
            Read CHANGELOG.md and summarise it.
            """.utf8).write(to: URL(fileURLWithPath: folder + "/SKILL.md"))
            let host = try await HostProcess.started(storage, scope: ["org_id": "acme", "user_id": "ann", "project_id": "p1"])
            let created = try await host.result("skills/create", ["name": "triage", "description": "Sort issues", "instructions": "Label every issue.",
                                                                  "tools": ["file_list"], "risk_level": "low"])
            #expect(try SchemaFiles.failures(of: created, method: "skills/create").isEmpty)
            let dup = try #require(await host.call("skills/create", ["name": "triage"]))
            #expect(dup["error"]?["code"] == .int(-32004))
            let listed = try await host.result("skills/list", [:])
            #expect(try SchemaFiles.failures(of: listed, method: "skills/list").isEmpty)
            #expect(Set(listed["skills"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["triage", "release-notes"])
            let colleague = try await host.result("skills/list", ["scope": ["org_id": "acme", "user_id": "bob", "project_id": "p1"]])
            #expect(colleague["skills"]?.arrayValue?.contains { $0["name"] == "triage" } == true)
            for stranger: JSONValue in [["org_id": "acme", "user_id": "ann", "project_id": "p2"], ["org_id": "other", "user_id": "ann", "project_id": "p1"]] {
                let theirs = try await host.result("skills/list", ["scope": stranger])
                #expect(theirs["skills"]?.arrayValue?.contains { $0["name"] == "triage" } == false)
                let get = try #require(await host.call("skills/get", ["skill_id": created["id"]!, "scope": stranger]))
                #expect(get["error"]?["code"] == .int(-32001))
                let delete = try #require(await host.call("skills/delete", ["skill_id": created["id"]!, "scope": stranger]))
                #expect(delete["error"]?["code"] == .int(-32001))
            }

            let script = Script.turns([
                Script.tools([("skill_load", ["name": "release-notes"]), ("file_list", [:]), ("file_write", ["path": "x.md", "content": "no"])], text: "load"),
                Script.text("done"),
            ])
            let run = try await host.createRun("use a skill", script: script, extra: ["agent": ["tools": ["skill_load"], "skills": ["triage"]]])
            let id = run["run_id"]!
            try await host.waitFor(id.stringValue!, ["completed"])
            let results = try await host.result("runs/events", ["run_id": id, "type": "tool.result"])["events"]?.arrayValue ?? []
            #expect(results.count == 3)
            #expect(results[0]["payload"]?["result"]?["instructions"] == "Read CHANGELOG.md and summarise it.")
            #expect(results[1]["payload"]?["is_error"] == false)
            #expect(results[2]["payload"]?["is_error"] == true)
            let started = try await host.result("runs/events", ["run_id": id, "type": "run.started"])["events"]?.arrayValue?.first
            #expect(started?["payload"]?["agent"]?["skills"] == ["triage"])
            let unknown = try await host.createRun("bad skill", extra: ["agent": ["skills": ["nope"]]])
            let failed = try await host.waitFor(unknown["run_id"]!.stringValue!, ["failed"])
            #expect(failed["error"]?["message"]?.stringValue?.contains("nope") == true)

            #expect(try await host.result("skills/delete", ["skill_id": created["id"]!])["deleted"] == true)
            #expect(try await host.result("skills/list", [:])["skills"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func aSkillIsUpdatedFieldByFieldWithinItsScopeOnly(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let folder = storage.dataDir + "/skills/release-notes"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data("---\nname: release-notes\ndescription: Write release notes\n---\nSummarise.\n".utf8)
                .write(to: URL(fileURLWithPath: folder + "/SKILL.md"))
            let host = try await HostProcess.started(storage, scope: ["org_id": "acme", "user_id": "ann", "project_id": "p1"])
            let created = try await host.result("skills/create", ["name": "triage", "description": "Sort issues", "instructions": "Label every issue.",
                                                                  "tools": ["file_list"]])
            _ = try await host.result("skills/create", ["name": "taken"])
            let id = try #require(created["id"])

            let updated = try await host.result("skills/update", ["skill_id": id, "description": "Sort and label issues", "risk_level": "medium",
                                                                  "tools": ["file_list", ["name": "label", "description": "Adds a label."]]])
            #expect(try SchemaFiles.failures(of: updated, method: "skills/update").isEmpty)
            #expect(updated["id"] == id)
            #expect(updated["name"] == "triage")
            #expect(updated["description"] == "Sort and label issues")
            #expect(updated["instructions"] == "Label every issue.")
            #expect(updated["risk_level"] == "medium")
            #expect(updated["tools"] == ["file_list", ["name": "label", "description": "Adds a label."]])
            #expect(updated["created_at"] == created["created_at"])
            let fetched = try await host.result("skills/get", ["skill_id": id])
            #expect(fetched == updated)

            let renamed = try await host.result("skills/update", ["skill_id": "triage", "name": "sorting", "instructions": "Sort first."])
            #expect(renamed["name"] == "sorting")
            #expect(renamed["instructions"] == "Sort first.")
            #expect(renamed["description"] == "Sort and label issues")

            let clash = try #require(await host.call("skills/update", ["skill_id": id, "name": "taken"]))
            #expect(clash["error"]?["code"] == .int(-32004))
            let folderSkill = try #require(await host.call("skills/update", ["skill_id": "release-notes", "description": "x"]))
            #expect(folderSkill["error"]?["code"] == .int(-32005))
            let unknown = try #require(await host.call("skills/update", ["skill_id": "skill_nope", "description": "x"]))
            #expect(unknown["error"]?["code"] == .int(-32001))
            let badRisk = try #require(await host.call("skills/update", ["skill_id": id, "risk_level": "extreme"]))
            #expect(badRisk["error"]?["code"] == .int(-32602))
            for stranger: JSONValue in [["org_id": "acme", "user_id": "ann", "project_id": "p2"], ["org_id": "other", "user_id": "ann", "project_id": "p1"]] {
                let theirs = try #require(await host.call("skills/update", ["skill_id": id, "description": "mine now", "scope": stranger]))
                #expect(theirs["error"]?["code"] == .int(-32001))
            }
            #expect(try await host.result("skills/get", ["skill_id": id])["description"] == "Sort and label issues")
        }
    }
}
