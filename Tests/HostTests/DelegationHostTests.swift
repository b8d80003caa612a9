import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Delegation over the pipe: a run hands its task to a role, `runs/children`
/// lists the child, and a kill -9 while the child works loses nothing: the
/// resumed parent finds its child (never makes a second one), the child
/// resumes from its checkpoint, and the parent reads its answer once.
@Suite struct DelegationHostTests {
    static let workerSteps = 12

    static var workerScript: JSONValue {
        var turns: [JSONValue] = []
        for t in 1...workerSteps {
            turns.append(Script.tools([("file_write", ["path": "notes.log", "content": .string("step \(t)\n"), "append": true])],
                                      text: "step \(t)", delayMs: 80))
        }
        turns.append(Script.text("the notes are written"))
        return Script.turns(turns)
    }

    @Test(arguments: TestBackend.all)
    func aDelegatingRunSurvivesAKillAndMakesItsChildOnce(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            var host = try await HostProcess.started(storage)
            _ = try await host.createRole("scribe", script: Self.workerScript, allowed: ["file_write"], maxSteps: 40)
            let parent = try await host.createRun("Write the notes", script: Script.turns([
                Script.tools([("handoff_to", ["role_id": "scribe", "goal": "Write the notes", "context": "one line per step"])]),
                Script.text("The scribe wrote them"),
            ]), extra: ["agent": ["max_steps": 40]])  // a child's steps are bounded by what its parent has left
            let parentID = try #require(parent["run_id"]?.stringValue)
            // Kill the host once the child has done a few steps.
            var childID: String?
            for _ in 0..<200 {
                let listed = try await host.result("runs/children", ["run_id": .string(parentID)])
                if let child = listed["children"]?[0], (child["tool_call_count"]?.intValue ?? 0) >= 3 {
                    childID = child["run_id"]?.stringValue
                    break
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            let firstChild = try #require(childID)
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit(timeout: .seconds(10))
            host = try await HostProcess.started(storage)

            let done = try await host.waitFor(parentID, ["completed", "failed", "cancelled"], timeout: .seconds(60))
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["output"] == "The scribe wrote them")
            let listed = try await host.result("runs/children", ["run_id": .string(parentID)])
            #expect(try SchemaFiles.failures(of: listed, method: "runs/children").isEmpty)
            let children = listed["children"]?.arrayValue ?? []
            #expect(children.count == 1)
            #expect(children.first?["run_id"]?.stringValue == firstChild)
            #expect(children.first?["status"] == "completed" && children.first?["parent_run_id"]?.stringValue == parentID)

            let stored = try await host.allEvents(parentID)
            #expect(stored.compactMap { $0["seq"]?.intValue } == Array(1...Int64(stored.count)))
            let events = stored.filter { $0["type"] != "llm.token" }
            let results = events.filter { $0["type"] == "tool.result" }
            #expect(results.count == 1)
            #expect(results.first?["payload"]?["result"]?["child_results"]?[0]?["result"] == "the notes are written")
            #expect(events.contains { $0["type"] == "run.resumed" })
            let childEvents = try await host.events(firstChild)
            #expect(childEvents.filter { $0["type"] == "run.completed" }.count == 1)
            // Each of the child's writes happened once.
            let calls = childEvents.filter { $0["type"] == "tool.result" }.compactMap { $0["payload"]?["call_id"]?.stringValue }
            #expect(calls.count == Set(calls).count && calls.count == Self.workerSteps)
        }
    }

    @Test(arguments: TestBackend.all)
    func childrenOfAnotherScopesRunAreNotFound(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let run = try await host.createRun("hello")
            let id = try #require(run["run_id"]?.stringValue)
            let mine = try await host.result("runs/children", ["run_id": .string(id)])
            #expect(mine["children"] == [])
            let other = await host.call("runs/children", ["run_id": .string(id), "scope": ["org_id": "other", "user_id": "eve"]])
            #expect(errorCode(other) == -32001)
        }
    }
}
