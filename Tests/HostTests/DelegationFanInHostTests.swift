import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `dispatch_subtasks` over the pipe: three children on three slots at once
/// while the parent waits (`waiting_children`, no slot), and a kill -9 while
/// they work: after the restart each child runs to its end once (no write
/// twice) and the parent resumes once (one `tool.result` for its call).
@Suite struct DelegationFanInHostTests {
    static let steps = 8
    static let roles = ["alpha", "beta", "gamma"]

    static func script(_ name: String) -> JSONValue {
        var turns: [JSONValue] = []
        for t in 1...steps {
            turns.append(Script.tools([("file_write", ["path": .string("\(name).log"), "content": .string("step \(t)\n"), "append": true])],
                                      text: "step \(t)", delayMs: 100))
        }
        turns.append(Script.text("\(name) is done"))
        return Script.turns(turns)
    }

    @Test(arguments: TestBackend.all)
    func threeChildrenRunTogetherSurviveAKillAndTheParentResumesOnce(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let environment = ["QUEUE_CONCURRENCY": "3"]
            var host = try await HostProcess.started(storage, environment: environment)
            for name in Self.roles { _ = try await host.createRole(name, script: Self.script(name), allowed: ["file_write"], maxSteps: 40) }
            let parent = try await host.createRun("Split the notes", script: Script.turns([
                Script.tools([("dispatch_subtasks", ["subtasks": .array(Self.roles.map { ["role_id": .string($0), "goal": .string("notes of \($0)")] })])]),
                Script.text("All notes written"),
            ]), extra: ["agent": ["max_steps": 40]])
            let parentID = try #require(parent["run_id"]?.stringValue)
            // Kill the host once every child has written a little, while the parent waits.
            var busy = false
            for _ in 0..<300 {
                let children = try await host.result("runs/children", ["run_id": .string(parentID)])["children"]?.arrayValue ?? []
                if children.count == 3, children.allSatisfy({ ($0["tool_call_count"]?.intValue ?? 0) >= 2 }) {
                    busy = true
                    break
                }
                try await Task.sleep(for: .milliseconds(30))
            }
            #expect(busy)
            let waiting = try await host.result("runs/get", ["run_id": .string(parentID)])
            #expect(waiting["status"] == "waiting_children", "\(waiting)")
            #expect(waiting["root_run_id"]?.stringValue == parentID)
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit(timeout: .seconds(10))
            host = try await HostProcess.started(storage, environment: environment)

            let done = try await host.waitFor(parentID, ["completed", "failed", "cancelled"], timeout: .seconds(90))
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["output"] == "All notes written")
            let children = try await host.result("runs/children", ["run_id": .string(parentID)])["children"]?.arrayValue ?? []
            #expect(children.count == 3)
            for child in children {
                #expect(child["status"] == "completed" && child["root_run_id"]?.stringValue == parentID)
                let id = try #require(child["run_id"]?.stringValue)
                let events = try await host.allEvents(id)
                #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
                let writes = events.filter { $0["type"] == "tool.result" }.compactMap { $0["payload"]?["call_id"]?.stringValue }
                #expect(writes.count == Self.steps && Set(writes).count == Self.steps, "\(id): \(writes)")
            }
            // They overlapped in time.
            let spans = children.compactMap { c -> (String, String)? in
                guard let s = c["started_at"]?.stringValue, let e = c["ended_at"]?.stringValue else { return nil }
                return (s, e)
            }
            #expect(spans.count == 3)
            for (i, a) in spans.enumerated() { for (j, b) in spans.enumerated() where i != j { #expect(a.0 < b.1) } }

            let events = try await host.allEvents(parentID).filter { $0["type"] != "llm.token" }
            let delegated = events.filter { $0["type"] == "run.delegated" }
            #expect(delegated.count == 1)
            let callID = try #require(delegated.first?["payload"]?["call_id"]?.stringValue)
            #expect(delegated.first?["payload"]?["child_run_ids"] == .array(children.compactMap { $0["run_id"] }))
            let results = events.filter { $0["type"] == "tool.result" && $0["payload"]?["call_id"]?.stringValue == callID }
            #expect(results.count == 1)
            let entries = results.first?["payload"]?["result"]?["child_results"]?.arrayValue ?? []
            #expect(entries.map { $0["result"]?.stringValue ?? "" } == Self.roles.map { "\($0) is done" })
            #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
        }
    }
}
