import Store
import Testing
import TestSupport
@testable import Runtime

/// The queue worker on a real database: order within a session, the
/// concurrency cap, cancel, shutdown and `restrict(to:)`. Runs are held
/// mid-step by a probe tool, never by sleeping.
@Suite struct RunQueueTests {
    static let probing = ScriptedProvider.Script.turns(.calls([("probe", [:])]), .text("done"))

    @Test(arguments: Backend.all)
    func runsOfOneSessionRunOneAtATimeInTheOrderTheyWereCreated(_ backend: Backend) async throws {
        try await withEngine(backend, settings: ["queue.concurrency": "2"]) { engine in
            var runs: [Run] = []
            for i in 1...3 { runs.append(try await engine.createRun("task \(i)", .answer("done \(i)"), session: "s_one")) }
            // Another session's run may go beside them: there are two slots.
            let beside = try await engine.createRun("elsewhere", .answer("done"), session: "s_two")
            for run in runs + [beside] { #expect(try await engine.followToEnd(run.id).last?.type == EventType.runCompleted) }
            let ended = try await runs.asyncMap { try await engine.runs.get($0.id, in: $0.scope) }
            #expect(ended.map(\.attempts) == [1, 1, 1])
            // Each started only once the one before it had ended.
            for (earlier, later) in zip(ended, ended.dropFirst()) {
                let (end, start) = (try #require(earlier.endedAt), try #require(later.startedAt))
                #expect(end <= start, "\(later.input) started before \(earlier.input) ended")
            }
        }
    }

    @Test(arguments: Backend.all)
    func noMoreRunsExecuteAtOnceThanTheConcurrencyAllows(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, settings: ["queue.concurrency": "2"], tools: [probe]) { engine in
            var runs: [Run] = []
            for i in 1...4 { runs.append(try await engine.createRun("task \(i)", Self.probing, session: "s_\(i)")) }
            _ = try await probe.nextArrival()
            _ = try await probe.nextArrival()
            // Two runs hold their slots inside the probe: the others must wait, pending.
            let statuses = try await runs.asyncMap { try await engine.runs.get($0.id, in: $0.scope).status }
            #expect(statuses.filter { $0 == .running }.count == 2)
            #expect(statuses.filter { $0 == .pending }.count == 2)
            #expect(engine.queue.activeRunIDs.count == 2)
            probe.open()
            for run in runs { #expect(try await engine.followToEnd(run.id).last?.type == EventType.runCompleted) }
            #expect(probe.calls == 4)
            #expect(probe.mostAtOnce == 2)
        }
    }

    @Test(arguments: Backend.all)
    func cancellingARunningRunStopsItMidStep(_ backend: Backend) async throws {
        let probe = ProbeTool()
        try await withEngine(backend, tools: [probe]) { engine in
            let run = try await engine.createRun("cancel me", Self.probing)
            #expect(try await probe.nextArrival() == run.id)
            _ = try await engine.runs.cancel(run.id, in: run.scope)
            let events = try await engine.followToEnd(run.id)
            #expect(events.last?.type == EventType.runCancelled)
            #expect(!events.types.contains(EventType.runCompleted))
            #expect(try await engine.runs.get(run.id, in: run.scope).status == .cancelled)
            #expect(probe.cancelled == 1)
            // The queue lets go of the run when its executor returns, just after the terminal event.
            let deadline = ContinuousClock.now + .seconds(5)
            while !engine.queue.activeRunIDs.isEmpty && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(engine.queue.activeRunIDs.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func shutdownReleasesExecutingRunsAndTheNextQueueResumesThem(_ backend: Backend) async throws {
        try await withTestDatabase(backend) { database in
            // A read-only call may run again after a stop, so the resumed run repeats it.
            let held = ProbeTool(readOnly: true)
            let run = try await withEngine(on: database, tools: [held]) { engine in
                let run = try await engine.createRun("survive a restart", Self.probing)
                #expect(try await held.nextArrival() == run.id)
                // Leaving shuts the queue down with the run inside the probe.
                return run
            }
            #expect(held.cancelled == 1)
            try await withEngine(on: database, running: false) { engine in
                let released = try await engine.runs.get(run.id, in: run.scope)
                #expect(released.status == .pending)
                #expect(released.leaseOwner == nil)
                #expect(try await engine.storedEvents(run.id).types.allSatisfy { !EventType.terminal.contains($0) })
            }
            let open = ProbeTool(open: true, readOnly: true)
            try await withEngine(on: database, tools: [open]) { engine in
                let events = try await engine.followToEnd(run.id)
                #expect(events.types.contains(EventType.runResumed))
                #expect(events.last?.type == EventType.runCompleted)
                #expect(try await engine.runs.get(run.id, in: run.scope).attempts == 2)
            }
            #expect(open.calls == 1)
        }
    }

    @Test(arguments: Backend.all)
    func aRestrictedQueueClaimsItsOneRunOnly(_ backend: Backend) async throws {
        try await withEngine(backend, settings: ["queue.concurrency": "2"], running: false) { engine in
            let other = try await engine.createRun("not mine", .answer("no"), session: "s_other")
            let mine = try await engine.createRun("mine", .answer("yes"), session: "s_mine")
            // Unrestricted, both would be claimed at once (two slots, two sessions; the other is older).
            engine.queue.restrict(to: mine.id)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await engine.run() }
                #expect(try await engine.followToEnd(mine.id).last?.type == EventType.runCompleted)
                engine.shutdown()
                try await group.waitForAll()
            }
            let untouched = try await engine.runs.get(other.id, in: other.scope)
            #expect(untouched.status == .pending)
            #expect(untouched.attempts == 0)
            #expect(try await engine.storedEvents(other.id).isEmpty)
        }
    }
}
