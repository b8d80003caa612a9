import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `bench/scale` in small, in CI: workers on one PostgreSQL share runs whose
/// steps wait on a slow model; one worker is killed with SIGKILL mid-run and
/// its run finishes on the other; no run is lost and no step or tool call
/// runs twice; a subscriber on one worker sees every event of the runs the
/// other executes, once and in order.
@Suite struct ScaleTests {
    /// A run of two steps waiting on the model: a side-effecting tool call
    /// (`file_write`, at most once) after 200 ms, then the answer after
    /// 800 ms — long enough that the victim is still in it when the
    /// subscriber, lagging on a loaded machine, sees its first step end.
    static func slowRun(_ i: Int) -> JSONValue {
        Script.turns([
            Script.tools([("file_write", ["path": .string("scale/\(i).txt"), "content": "x"])], delayMs: 200),
            Script.text("done \(i)", delayMs: 800),
        ])
    }

    @Test(arguments: TestBackend.postgresOnly)
    func twoWorkersShareSlowRunsAndAKilledWorkersRunFinishesOnTheOther(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = ["QUEUE_CONCURRENCY": "1"]
            let a = try await HostProcess.started(storage, environment: env.merging(["DATA_DIR": storage.dataDir + "-a"]) { _, b in b })
            let b = try await HostProcess.started(storage, environment: env.merging(["DATA_DIR": storage.dataDir + "-b"]) { _, b in b })
            let victim = b.process.processIdentifier
            _ = try await a.result("runs/subscribe", [:])
            let count = 24
            var ids: [String] = []
            let started = ContinuousClock.now
            for i in 0..<count {
                let run = try await a.createRun("scale \(i)", script: Self.slowRun(i), extra: ["session_key": .string("s_\(i)")])
                ids.append(try #require(run["run_id"]?.stringValue))
            }
            var seqs: [String: [Int64]] = [:]
            var completed: Set<String> = []
            var killed = false
            var victimRuns: Set<String> = []
            let deadline = ContinuousClock.now + .seconds(120)
            while completed.count < count, ContinuousClock.now < deadline {
                guard let note = await a.nextNotification(timeout: .seconds(10)), let event = note["params"]?["event"],
                      let runID = event["run_id"]?.stringValue else { continue }
                seqs[runID, default: []].append(event["seq"]?.intValue ?? -1)
                let type = event["type"]?.stringValue ?? ""
                if type == "run.started", event["payload"]?["worker"]?.stringValue?.split(separator: ":").dropFirst().first == Substring("\(victim)") {
                    victimRuns.insert(runID)
                }
                // The victim is between the two steps of a run: kill it there.
                if !killed, type == "step.completed", victimRuns.contains(runID), completed.count >= 4 {
                    kill(victim, SIGKILL)
                    killed = true
                }
                if type == "run.completed" { completed.insert(runID) }
            }
            let elapsed = ContinuousClock.now - started
            #expect(killed, "worker B executed runs and was killed mid-run")
            #expect(completed == Set(ids), "lost runs: \(Set(ids).subtracting(completed).sorted())")
            var doubles = 0, resumed = 0
            for id in ids {
                let events = try await a.allEvents(id)
                #expect(seqs[id] == events.compactMap { $0["seq"]?.intValue }, "\(id): the subscriber saw every event once, in order")
                let steps = events.filter { $0["type"] == "step.completed" }.compactMap { $0["step"]?.intValue }
                let calls = events.filter { $0["type"] == "tool.called" }.compactMap { $0["payload"]?["call_id"]?.stringValue }
                doubles += (steps.count - Set(steps).count) + (calls.count - Set(calls).count)
                doubles += max(0, events.filter { $0["type"] == "run.completed" }.count - 1)
                if events.contains(where: { $0["type"] == "run.resumed" }) { resumed += 1 }
                let run = try await a.result("runs/get", ["run_id": .string(id)])
                #expect(run["status"] == "completed" && run["output"] == .string("done \(ids.firstIndex(of: id)!)"))
            }
            #expect(doubles == 0, "steps or tool calls executed twice")
            #expect(resumed >= 1, "the killed worker's run was resumed by the other")
            print("scale (CI): 2 workers, \(count) runs × 2 slow steps in \(elapsed), \(resumed) resumed after SIGKILL, 0 lost, 0 doubled")
            for dir in [storage.dataDir + "-a", storage.dataDir + "-b"] { try? FileManager.default.removeItem(atPath: dir) }
        }
    }
}
