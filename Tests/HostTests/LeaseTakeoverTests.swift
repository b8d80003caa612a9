import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Two workers on one database: the first stalls (SIGSTOP) past its lease,
/// the second takes the run over and finishes it; when the first wakes up,
/// its lease is gone and it writes nothing more to that run.
/// PostgreSQL, the multi-worker deployment: on one SQLite file a process
/// frozen inside a transaction holds the file's lock, and the other waits.
@Suite struct LeaseTakeoverTests {
    static func script() -> JSONValue {
        Script.turns((1...16).map { t in
            Script.tools([("file_write", ["path": "steps.txt", "content": .string("step \(t)\n"), "append": true])],
                         text: "step \(t)", delayMs: 120)
        } + [Script.text("all steps written", chunks: 8, chunkDelayMs: 30)])
    }

    @Test(arguments: TestBackend.postgresOnly)
    func aStalledWorkerLosesTheRunToAnotherAndWritesNothingAfter(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = ["QUEUE_LEASE_MS": "1500"]
            let first = try await HostProcess.started(storage, environment: env)
            let run = try await first.createRun("take me over", script: Self.script(), extra: ["agent": ["max_steps": 40]])
            let id = try #require(run["run_id"]?.stringValue)
            // Stall the first worker in the middle of the run.
            _ = try await first.result("runs/subscribe", ["run_id": .string(id)])
            var steps = 0
            while steps < 3, let note = await first.nextNotification(timeout: .seconds(20)) {
                if note["params"]?["event"]?["type"] == "step.completed" { steps += 1 }
            }
            #expect(steps == 3)
            kill(first.process.processIdentifier, SIGSTOP)
            // Whatever fails below, a stopped host must not outlive the test.
            defer { kill(first.process.processIdentifier, SIGCONT) }

            let second = try await HostProcess.started(storage, environment: env)
            let done = try await second.waitFor(id, ["completed", "failed", "cancelled"], timeout: .seconds(60))
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["output"] == "all steps written")
            let before = try await second.allEvents(id)

            // The first worker wakes up with a step in flight and a lease it no longer holds.
            kill(first.process.processIdentifier, SIGCONT)
            try await Task.sleep(for: .seconds(3))
            #expect(first.process.isRunning)
            #expect(try await first.result("system/health", [:])["status"] != nil)

            let events = try await second.allEvents(id)
            #expect(events.count == before.count, "the stalled worker wrote \(events.dropFirst(before.count).map { $0["type"] ?? "?" })")
            #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
            #expect(events.last?["type"] == "run.completed")
            #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
            #expect(!events.contains { $0["type"] == "run.failed" })
            let resumed = events.filter { $0["type"] == "run.resumed" }
            #expect(resumed.count == 1)
            #expect(try await second.result("runs/get", ["run_id": .string(id)])["status"] == "completed")
        }
    }
}
