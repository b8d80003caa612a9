import Foundation
import RPC
import Testing

/// Roles, groups, members, group runs, the blackboard and skills over HTTP:
/// the seed's 201s and 204s, its blackboard body, our errors as statuses.
@Suite struct AdapterTeamRouteTests {
    static let ann: RESTScope = ("acme", "ann", "p1")

    @Test(arguments: TestBackend.all)
    func teamRoutesKeepTheSeedsContract(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let s = Self.ann
            let lead = try await adapter.send("POST", "/api/roles", json: [
                "name": "lead", "system_prompt": "You decide.", "is_lead": true,
                "model": ["provider": "scripted", "script": Script.turns([Script.text(#"{"decision": "ship", "rationale": "tested", "next_actions": ["tell"]}"#)])],
            ], scope: s)
            #expect(lead.status == 201, "\(lead.text)")
            let leadID = try #require(lead.json["id"]?.stringValue)
            let worker = try await adapter.send("POST", "/api/roles", json: [
                "name": "worker", "system_prompt": "You work.", "model": ["provider": "scripted", "script": Script.turns([Script.text("done")])],
            ], scope: s)
            let workerID = try #require(worker.json["id"]?.stringValue)
            let taken = try await adapter.send("POST", "/api/roles", json: ["name": "worker", "system_prompt": "again"], scope: s)
            #expect(taken.status == 409 && taken.errorCode == "CONFLICT")
            #expect(try await adapter.send("GET", "/api/roles", scope: s).json["roles"]?.arrayValue?.count == 2)
            let renamed = try await adapter.send("PUT", "/api/roles/\(workerID)", json: ["description": "works hard"], scope: s)
            #expect(renamed.status == 200 && renamed.json["description"] == "works hard")
            #expect(try await adapter.send("GET", "/api/roles/\(workerID)", scope: s).json["name"] == "worker")

            let group = try await adapter.send("POST", "/api/groups", json: ["name": "crew", "description": "ships"], scope: s)
            #expect(group.status == 201, "\(group.text)")
            let groupID = try #require(group.json["id"]?.stringValue)
            #expect(try await adapter.send("GET", "/api/groups?project_id=p1", scope: s).json["groups"]?.arrayValue?.count == 1)
            #expect(try await adapter.send("PUT", "/api/groups/\(groupID)", json: ["description": "ships fast"], scope: s).json["description"] == "ships fast")
            let noMembers = try await adapter.send("POST", "/api/groups/\(groupID)/runs", json: ["input": "go"], scope: s)
            #expect(noMembers.status == 400, "\(noMembers.text)")

            let m1 = try await adapter.send("POST", "/api/groups/\(groupID)/members", json: ["role_id": .string(workerID), "ordinal": 0], scope: s)
            #expect(m1.status == 201, "\(m1.text)")
            let m2 = try await adapter.send("POST", "/api/groups/\(groupID)/members", json: ["role_id": .string(leadID), "ordinal": 1], scope: s)
            let twice = try await adapter.send("POST", "/api/groups/\(groupID)/members", json: ["role_id": .string(leadID)], scope: s)
            #expect(twice.status == 409)
            let members = try await adapter.send("GET", "/api/groups/\(groupID)/members", scope: s)
            #expect(members.json["members"]?.arrayValue?.compactMap { $0["role_id"]?.stringValue } == [workerID, leadID])
            let m2ID = try #require(m2.json["id"]?.stringValue)
            #expect(try await adapter.send("PUT", "/api/groups/\(groupID)/members/\(m2ID)", json: ["ordinal": 2], scope: s).json["ordinal"] == 2)
            let inUse = try await adapter.send("DELETE", "/api/roles/\(workerID)", scope: s)
            #expect(inUse.status == 409, "\(inUse.text)")

            let groupRun = try await adapter.send("POST", "/api/groups/\(groupID)/runs", json: ["input": "ship it?"], scope: s)
            #expect(groupRun.status == 201 && groupRun.json["group_id"] == .string(groupID), "\(groupRun.text)")
            let groupRunID = try #require(groupRun.json["run_id"]?.stringValue)
            let done = try await adapter.waitForRun(groupRunID, ["completed", "failed"], scope: s, timeout: .seconds(60))
            #expect(done["status"] == "completed", "\(done)")
            #expect(try await adapter.send("GET", "/api/groups/\(groupID)/runs?limit=5", scope: s).json["runs"]?.arrayValue?.count == 1)
            #expect(try await adapter.send("GET", "/api/groups/\(groupID)/stats", scope: s).json["completed_count"] == 1)
            let stats = try await adapter.send("GET", "/api/roles/\(leadID)/stats", scope: s)
            #expect(stats.json["group_count"] == 1 && stats.json["groups"]?[0]?["id"] == .string(groupID), "\(stats.text)")

            let note = try await adapter.send("POST", "/api/groups/\(groupID)/blackboard", json: [
                "type": "episodic", "text": "checked the numbers", "role_id": .string(workerID), "importance": 0.7,
            ], scope: s)
            #expect(note.status == 201, "\(note.text)")
            #expect(note.json.objectValue?.keys.sorted() == ["id"])
            let noteID = try #require(note.json["id"]?.stringValue)
            let notLead = try await adapter.send("POST", "/api/groups/\(groupID)/blackboard", json: [
                "type": "core", "text": "we ship", "role_id": .string(workerID),
            ], scope: s)
            #expect(notLead.status == 403 && notLead.errorCode == "FORBIDDEN", "\(notLead.text)")
            let noText = try await adapter.send("POST", "/api/groups/\(groupID)/blackboard", json: ["type": "episodic", "role_id": .string(workerID)], scope: s)
            #expect(noText.status == 400 && noText.json["error"]?["details"]?["field"] == "text", "\(noText.text)")
            let board = try await adapter.send("GET", "/api/groups/\(groupID)/blackboard", scope: s)
            let memories = try #require(board.json["memories"]?.arrayValue)
            let mine = try #require(memories.first { $0["id"] == .string(noteID) })
            #expect(mine["type"] == "episodic" && mine["text"] == "checked the numbers" && mine["group_id"] == .string(groupID))
            #expect(mine["metadata"]?["importance"] == 0.7)
            #expect(memories.contains { $0["metadata"]?["type"] == "decision" }, "the group run's decision is on the board")
            let one = try await adapter.send("GET", "/api/groups/\(groupID)/blackboard/\(noteID)", scope: s)
            #expect(one.json["text"] == "checked the numbers")

            #expect(try await adapter.send("DELETE", "/api/groups/\(groupID)/members/\(m2ID)", scope: s).status == 204)
            let otherGroup = try await adapter.send("POST", "/api/groups", json: ["name": "spare"], scope: s)
            let spareID = try #require(otherGroup.json["id"]?.stringValue)
            let batch = try await adapter.send("POST", "/api/groups/batch-delete", json: ["ids": [.string(spareID)]], scope: s)
            #expect(batch.status == 200 && batch.json["deleted"] == 1, "\(batch.text)")
            let moved = try await adapter.send("POST", "/api/groups/assign-project", json: ["project_id": "p2"], scope: ("acme", "ann", nil))
            #expect(moved.status == 200 && moved.json["project_id"] == "p2", "\(moved.text)")
            let deleted = try await adapter.send("DELETE", "/api/groups/\(groupID)?force=true", scope: s)
            #expect(deleted.status == 204 && deleted.bytes.isEmpty, "\(deleted.text)")
            #expect(try await adapter.send("GET", "/api/groups/\(groupID)", scope: s).status == 404)
            #expect(try await adapter.send("DELETE", "/api/roles/\(workerID)", scope: s).status == 204)
            let batchRoles = try await adapter.send("POST", "/api/roles/batch-delete", json: ["ids": [.string(leadID)]], scope: s)
            #expect(batchRoles.json["deleted"] == 1)

            let skill = try await adapter.send("POST", "/api/skills", json: [
                "name": "summarise", "description": "Sums up", "tools": [["name": "file_read", "description": "", "parameters": [:]]],
                "risk_level": "low", "provider": "builtin", "entry_path": "skills/summarise", "allow_implicit_invocation": true,
            ], scope: s)
            #expect(skill.status == 201, "\(skill.text)")
            let skillID = try #require(skill.json["id"]?.stringValue)
            #expect(try await adapter.send("GET", "/api/skills", scope: s).json["skills"]?.arrayValue?.contains { $0["id"] == .string(skillID) } == true)
            #expect(try await adapter.send("GET", "/api/skills/summarise", scope: s).json["id"] == .string(skillID))
            #expect(try await adapter.send("DELETE", "/api/skills/\(skillID)", scope: s).status == 204)
            #expect(try await adapter.send("DELETE", "/api/skills/\(skillID)", scope: s).status == 404)
        }
    }

    @Test(arguments: TestBackend.all)
    func memoryToolsHealthAndTheDocumentAnswerAsTheirMethods(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let s: RESTScope = ("acme", "ann", nil)
            let written = try await adapter.send("POST", "/api/memory", json: ["tier": "archival", "content": "The launch is on Tuesday.", "title": "launch"],
                                                 scope: s)
            #expect(written.status == 201, "\(written.text)")
            let memoryID = try #require(written.json["id"]?.stringValue)
            let hits = try await adapter.send("POST", "/api/memory/search", json: ["query": "when is the launch"], scope: s)
            #expect(hits.status == 200 && hits.json["hits"]?[0]?["memory_id"] == .string(memoryID), "\(hits.text)")
            #expect(try await adapter.send("GET", "/api/memory?tier=archival", scope: s).json["memories"]?.arrayValue?.count == 1)
            #expect(try await adapter.send("GET", "/api/memory/\(memoryID)", scope: s).json["text"] == "The launch is on Tuesday.")
            let block = try await adapter.send("PUT", "/api/memory/core/persona", json: ["content": "Terse."], scope: s)
            #expect(block.status == 200 && block.json["label"] == "persona", "\(block.text)")
            #expect(try await adapter.send("GET", "/api/memory/core", scope: s).json["blocks"]?[0]?["content"] == "Terse.")
            let deleted = try await adapter.send("DELETE", "/api/memory/\(memoryID)", scope: s)
            #expect(deleted.status == 200 && deleted.json["deleted"] == true)
            #expect(try await adapter.send("GET", "/api/memory/\(memoryID)", scope: s).status == 404)

            let tools = try await adapter.send("GET", "/api/tools", scope: s)
            #expect(tools.json["tools"]?.arrayValue?.contains { $0["name"] == "read_file" } == true)
            #expect(try await adapter.send("GET", "/api/mcp/servers").json["servers"] == .array([]))

            for path in ["/health", "/api/health"] {
                let health = try await adapter.send("GET", path)
                #expect(health.status == 200 && health.json["status"] == "ok")
                #expect(health.json["timestamp"]?.stringValue != nil && health.json["queue"]?["length"] != nil && health.json["sse"]?["clients"] == 0)
            }
            let served = try await adapter.send("GET", "/api/openapi.json")
            let file = try JSONParser.parse(Data(contentsOf: URL(fileURLWithPath: HostProcess.packageRoot + "/schemas/openapi.json")))
            #expect(served.json == file, "the served document differs from schemas/openapi.json (run make schemas)")
            #expect(served.json["openapi"] == "3.1.0")
        }
    }
}
