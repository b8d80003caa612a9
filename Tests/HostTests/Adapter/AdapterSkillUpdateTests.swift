import Foundation
import RPC
import Testing

/// `PUT /api/skills/{skill_id}` (ours: the seed could not edit a skill) and the
/// page a browser gets when the console was never built.
@Suite struct AdapterSkillUpdateTests {
    @Test(arguments: TestBackend.all)
    func aSkillIsEditedOverHTTPWithinItsScope(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage, arguments: ["--web", storage.dataDir + "/no-console"])
            let ann: RESTScope = ("acme", "ann", "p1")
            let created = try await adapter.send("POST", "/api/skills", json: ["name": "triage", "instructions": "Label.", "tools": ["file_list"]], scope: ann)
            let id = try #require(created.json["id"]?.stringValue)

            let updated = try await adapter.send("PUT", "/api/skills/\(id)", json: ["description": "Sort issues", "risk_level": "medium"], scope: ann)
            #expect(updated.status == 200, "\(updated.text)")
            #expect(updated.json["description"] == "Sort issues")
            #expect(updated.json["risk_level"] == "medium")
            #expect(updated.json["instructions"] == "Label.")
            #expect(try await adapter.send("GET", "/api/skills/\(id)", scope: ann).json["description"] == "Sort issues")

            let stranger = try await adapter.send("PUT", "/api/skills/\(id)", json: ["description": "mine"], scope: ("other", "ann", "p1"))
            #expect(stranger.status == 404)
            let bad = try await adapter.send("PUT", "/api/skills/\(id)", json: ["risk_level": "extreme"], scope: ann)
            #expect(bad.status == 400)
            #expect(bad.errorCode == "VALIDATION_ERROR")

            // No console built: a browser is told how to build it; an API client still gets the JSON 404.
            let page = try await adapter.send("GET", "/runs", headers: ["Accept": "text/html,application/xhtml+xml"])
            #expect(page.status == 404)
            #expect(page.text.contains("make web"))
            let json = try await adapter.send("GET", "/runs")
            #expect(json.status == 404)
            #expect(json.errorCode == "NOT_FOUND")
        }
    }
}
