import Foundation
import RPC
import Testing

/// Several hosts on one PostgreSQL database share the queue: every run is
/// executed by exactly one of them, and a subscriber on one process sees the
/// events of runs executed by another.
@Suite struct MultiWorkerTests {
    @Test(arguments: TestBackend.postgresOnly)
    func twoProcessesShareFiftyRunsAndEachRunsOnce(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = ["QUEUE_CONCURRENCY": "2"]
            let a = try await HostProcess.started(storage, environment: env)
            let b = try await HostProcess.started(storage, environment: env)
            _ = try await b.result("runs/subscribe", [:])
            var ids: [String] = []
            for i in 0..<50 {
                let script = Script.turns([Script.tools([("file_list", [:])], delayMs: 20), Script.text("done \(i)")])
                let run = try await a.createRun("shared \(i)", script: script, extra: ["session_key": .string("s_\(i % 10)")])
                ids.append(try #require(run["run_id"]?.stringValue))
            }
            var workers: [String: String] = [:]
            var completed: Set<String> = []
            var seen: [String: [Int64]] = [:]
            let deadline = ContinuousClock.now + .seconds(120)
            while completed.count < ids.count, ContinuousClock.now < deadline {
                guard let note = await b.nextNotification(timeout: .seconds(30)), let event = note["params"]?["event"] else { break }
                let runID = event["run_id"]?.stringValue ?? ""
                seen[runID, default: []].append(event["seq"]?.intValue ?? -1)
                if event["type"] == "run.started" { workers[runID] = event["payload"]?["worker"]?.stringValue }
                if event["type"] == "run.completed" { completed.insert(runID) }
            }
            #expect(completed == Set(ids))
            for id in ids {
                let run = try await a.result("runs/get", ["run_id": .string(id)])
                #expect(run["status"] == "completed")
                #expect(run["attempts"] == 1)
                let events = try await a.allEvents(id)
                #expect(events.filter { $0["type"] == "run.started" }.count == 1)
                #expect(seen[id] == Array(1...Int64(events.count)), "\(id) as seen by the other process")
            }
            #expect(Set(workers.values).count == 2, "both processes executed runs: \(Set(workers.values))")
        }
    }
}
