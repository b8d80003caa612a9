import Foundation
import RPC
import Store
import Testing

/// A client that reads slowly, then not at all, and closes stdin with many
/// subscriptions open: the host still exits within its deadline, and the
/// next host on the same data finishes every run exactly once.
@Suite struct BoundedShutdownTests {
    @Test func aSilentReaderWithTwoHundredSubscriptionsCannotHoldTheHost() async throws {
        try await withStorage(.sqlite) { storage in
            let env = ["OI_DRAIN_TIMEOUT_MS": "2000", "QUEUE_CONCURRENCY": "4"]
            let host = try await HostProcess.started(storage, environment: env)
            var runIDs: [String] = []
            for i in 0..<4 {
                let turns = (1...30).map { t in Script.text("", delayMs: 100).merging(["tool_calls": [["name": "memory_search", "arguments": ["query": .string("q\(t)")]]]]) }
                let run = try await host.createRun("busy \(i)", script: Script.turns(turns + [Script.text(String(repeating: "long answer ", count: 400), chunks: 200)]),
                                                   extra: ["session_key": .string("s_\(i)"), "agent": ["max_steps": 40]])
                runIDs.append(try #require(run["run_id"]?.stringValue))
            }
            // Two hundred subscriptions of the whole scope, each replaying every event.
            for i in 0..<200 {
                host.send(#"{"jsonrpc":"2.0","id":"sub\#(i)","method":"runs/subscribe","params":{}}"#)
            }
            // The client reads for a moment, then stops reading and closes stdin.
            try await Task.sleep(for: .milliseconds(300))
            host.pauseReading()
            try await Task.sleep(for: .seconds(1))
            host.closeStdin()
            let started = ContinuousClock.now
            let status = await host.waitExit(timeout: .seconds(60))
            #expect(status != nil, "the host must exit although nobody reads its output")
            let took = ContinuousClock.now - started
            #expect(took < .seconds(45), "exited after \(took)")

            // The runs were still going when the host stopped: they were handed back.
            let database = try await storage.open()
            let scope = try Scope(orgID: "org_default", userID: "user_default")
            var unfinished = 0
            for runID in runIDs where try await database.runs.get(runID, in: scope)?.status != .completed { unfinished += 1 }
            await database.close()
            #expect(unfinished > 0)
            // A new host finishes every run, once.
            let next = try await HostProcess.started(storage, environment: env)
            for runID in runIDs {
                let run = try await next.waitFor(runID, ["completed", "failed", "cancelled"], timeout: .seconds(90))
                #expect(run["status"] == "completed", "\(run)")
                let events = try await next.allEvents(runID)
                #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
                #expect(events.filter { $0["type"] == "run.started" }.count == 1)
                let seqs = events.compactMap { $0["seq"]?.intValue }
                #expect(seqs == Array(1...Int64(seqs.count)))
            }
        }
    }
}
