import Foundation
import RPC
import Testing

/// Another tenant can neither see nor touch a run: every method answers not-found.
@Suite struct RunScopeTests {
    @Test(arguments: TestBackend.all)
    func anotherTenantCannotGetListSubscribeCancelOrExportARun(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let owner = try await HostProcess.started(storage, scope: ["org_id": "acme", "user_id": "ann", "project_id": "p1"])
            let run = try await owner.createRun("secret plans", script: Script.turns([Script.text("hidden", delayMs: 30_000)]))
            let runID = try #require(run["run_id"])
            let strangers: [JSONValue] = [
                ["org_id": "acme", "user_id": "bob", "project_id": "p1"],
                ["org_id": "acme", "user_id": "ann"],
                ["org_id": "acme", "user_id": "ann", "project_id": "p2"],
                ["org_id": "evil", "user_id": "ann", "project_id": "p1"],
            ]
            let intruder = try await HostProcess.started(storage)
            for scope in strangers {
                for method in ["runs/get", "runs/cancel", "runs/export", "runs/events", "runs/subscribe"] {
                    let reply = try #require(await intruder.call(method, ["run_id": runID, "scope": scope]))
                    #expect(reply["error"]?["code"] == .int(-32001), "\(method) as \(scope): \(reply)")
                }
                #expect(try await intruder.result("runs/list", ["scope": scope])["runs"] == .array([]))
                #expect(try await intruder.result("sessions/runs", ["session_key": "s_default", "scope": scope])["total"] == 0)
            }
            let still = try await owner.result("runs/get", ["run_id": runID])
            #expect(still["status"] == "running" || still["status"] == "pending")
            _ = try await owner.result("runs/cancel", ["run_id": runID])
        }
    }
}
