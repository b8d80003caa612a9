import Foundation
import RPC
import Store
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Processes on one SQLite data folder: the first owns the queue; the others
/// create runs, read and deliver the owner's events; when the owner goes,
/// the next takes the queue over and resumes its runs. `oi-host run`
/// executes its own run only, or hands it to the owner and follows it.
@Suite struct SharedDataFolderTests {
    @Test func twoHostsShareTheQueueLoseNoEventAndTheSecondTakesOver() async throws {
        try await withStorage(.sqlite) { storage in
            let first = try await HostProcess.started(storage)
            let firstPID = first.process.processIdentifier
            try await Self.waitForQueue(first) { $0["claiming"] == true && $0["owner_pid"] == .int(Int64(firstPID)) }
            let second = try await HostProcess.started(storage)
            let secondPID = second.process.processIdentifier
            try await Self.waitForQueue(second) { $0["claiming"] == false && $0["owner_pid"] == .int(Int64(firstPID)) }

            // The second creates runs and subscribes; the first executes them.
            _ = try await second.result("runs/subscribe", [:])
            var runIDs: [String] = []
            for i in 0..<4 {
                let run = try await second.createRun("run \(i)", script: Script.turns([Script.text("answer \(i) in several pieces", chunks: 5, chunkDelayMs: 5)]),
                                                     extra: ["session_key": .string("s_\(i)")])
                runIDs.append(try #require(run["run_id"]?.stringValue))
            }
            let delivered = try await Self.collect(second, until: Set(runIDs))
            for runID in runIDs {
                let stored = try await second.allEvents(runID).compactMap { $0["seq"]?.intValue }
                #expect(delivered[runID] == stored, "\(runID): every stored event once, in order")
                #expect(stored == Array(1...Int64(stored.count)))
                let started = try await second.allEvents(runID).first { $0["type"] == "run.started" }
                #expect(started?["payload"]?["worker"]?.stringValue?.contains(":\(firstPID):") == true, "executed by the owner")
            }

            // The owner freezes with a run pending, then dies: the second takes over and runs it.
            kill(firstPID, SIGSTOP)
            let pending = try await second.createRun("while the owner is frozen", script: Script.turns([Script.text("done")]))
            let pendingID = try #require(pending["run_id"]?.stringValue)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await second.result("runs/get", ["run_id": .string(pendingID)])["status"] == "pending")
            kill(firstPID, SIGKILL)
            kill(firstPID, SIGCONT)
            try await Self.waitForQueue(second) { $0["claiming"] == true && $0["owner_pid"] == .int(Int64(secondPID)) }
            let done = try await second.waitFor(pendingID, ["completed"])
            #expect(done["output"] == "done")
        }
    }

    @Test func oiHostRunExecutesOnlyItsOwnRunOrHandsItToTheOwner() async throws {
        try await withStorage(.sqlite) { storage in
            // A run left pending with no process: created by a host that never owned the queue.
            let owner = try await HostProcess.started(storage)
            try await Self.waitForQueue(owner) { $0["claiming"] == true }
            kill(owner.process.processIdentifier, SIGSTOP)
            let bystander = try await HostProcess.started(storage)
            let orphan = try await bystander.createRun("somebody else's run", extra: ["session_key": "s_other"])
            let orphanID = try #require(orphan["run_id"]?.stringValue)
            bystander.closeStdin()
            #expect(await bystander.waitExit() == 0)
            kill(owner.process.processIdentifier, SIGKILL)
            kill(owner.process.processIdentifier, SIGCONT)
            #expect(await owner.waitExit() != nil)

            // Nobody owns the queue: `oi-host run` takes it, runs its own run and nothing else.
            let env = ["DATA_DIR": storage.dataDir]
            let alone = try await CLIProcess.run(["run", "mine only"], env: env)
            #expect(alone.status == 0, "\(alone.stderr)")
            #expect(alone.stdout.contains("You said: mine only"))
            let database = try await storage.open()
            let scope = try Scope(orgID: "org_default", userID: "user_default")
            #expect(try await database.runs.get(orphanID, in: scope)?.status == .pending, "another session's run is left to the queue's owner")
            await database.close()

            // With an owner, `oi-host run` hands its run over and follows it to the end.
            let host = try await HostProcess.started(storage)
            let hostPID = host.process.processIdentifier
            try await Self.waitForQueue(host) { $0["claiming"] == true }
            try await host.waitFor(orphanID, ["completed"])
            let handed = try await CLIProcess.run(["run", "hand it over", "--stream", "--json"], env: env)
            #expect(handed.status == 0, "\(handed.stderr)")
            let events = handed.stdout.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
            let started = try #require(events.first { $0["type"] == "run.started" })
            #expect(started["payload"]?["worker"]?.stringValue?.contains(":\(hostPID):") == true, "\(started)")
            #expect(events.last?["type"] == "run.completed")
        }
    }

    /// Polls `system/health` until its `queue` passes `check`.
    static func waitForQueue(_ host: HostProcess, timeout: Duration = .seconds(20), _ check: (JSONValue) -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let health = try await host.result("system/health", [:])
            if let queue = health["queue"], check(queue) { return }
            if ContinuousClock.now > deadline { throw HostCallError(method: "system/health", reply: health) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The `seq`s delivered per run until every run in `runs` delivered its terminal event.
    static func collect(_ host: HostProcess, until runs: Set<String>) async throws -> [String: [Int64]] {
        var seqs: [String: [Int64]] = [:]
        var ended: Set<String> = []
        while ended != runs {
            let note = try #require(await host.nextNotification(timeout: .seconds(30)), "ended: \(ended)")
            guard let event = note["params"]?["event"], let run = event["run_id"]?.stringValue, let seq = event["seq"]?.intValue else { continue }
            seqs[run, default: []].append(seq)
            if ["run.completed", "run.failed", "run.cancelled"].contains(event["type"]?.stringValue ?? "") { ended.insert(run) }
        }
        return seqs
    }
}
