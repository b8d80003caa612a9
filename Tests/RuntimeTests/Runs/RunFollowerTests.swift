import Store
import Testing
import TestSupport
@testable import Runtime

/// A follower replays what is stored after `after_seq`, then goes live, and
/// whatever the bus drops or reorders it fills from the database by `seq`:
/// every event once, in order, ending at the terminal one.
@Suite struct RunFollowerTests {
    /// Stores events of `run` (as a worker does) and, unless `publish` is
    /// false, hands them to the bus (as a worker of this process does).
    static func store(_ types: [String], _ run: Run, on engine: Engine, publish: Bool = true) async throws {
        let stored = try await engine.database.events.append(types.map { NewEvent(type: $0) }, to: run.id, in: run.scope)
        if publish { engine.bus.publish(stored.map(RunEvent.init), sessionKey: run.sessionKey) }
    }

    static func runFilter(_ run: Run) -> EventBus.Filter {
        EventBus.Filter(orgID: run.scope.orgID, userID: run.scope.userID, projectID: run.scope.projectID, runID: run.id)
    }

    static let steps = Array(repeating: EventType.stepStarted, count: 5)

    @Test(arguments: Backend.all)
    func replaysWhatIsStoredAfterAfterSeqThenGoesLive(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let run = try await engine.createRun("unused", .answer("unused"))
            try await Self.store(Self.steps, run, on: engine, publish: false)
            let delivered = EventCollector()
            try await withDeadline(.seconds(60), "the follow to end") {
                try await RunFollower(service: engine.runs).follow(Self.runFilter(run), scope: run.scope, afterSeq: 2) { event in
                    delivered.append(event)
                    // The replay is done: what comes now comes live.
                    if event.seq == 5 { try? await Self.store([EventType.stepCompleted], run, on: engine) }
                    if event.seq == 6 { try? await Self.store([EventType.runCompleted], run, on: engine) }
                    return true
                }
            }
            #expect(delivered.events.compactMap(\.seq) == [3, 4, 5, 6, 7])
            #expect(delivered.events.last?.type == EventType.runCompleted)
        }
    }

    @Test(arguments: Backend.all)
    func aGapInWhatComesLiveIsFilledFromTheDatabaseWithoutDuplicates(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let run = try await engine.createRun("unused", .answer("unused"))
            try await Self.store(Self.steps, run, on: engine, publish: false)
            let delivered = EventCollector()
            try await withDeadline(.seconds(60), "the follow to end") {
                try await RunFollower(service: engine.runs).follow(Self.runFilter(run), scope: run.scope, afterSeq: 0) { event in
                    delivered.append(event)
                    if event.seq == 5 {
                        // 6 is stored without reaching the bus (another process wrote it);
                        // 7 and 8 arrive live: 7 shows the gap, and 8 is read with it and must not come twice.
                        try? await Self.store([EventType.stepStarted], run, on: engine, publish: false)
                        try? await Self.store([EventType.stepStarted], run, on: engine)
                        try? await Self.store([EventType.stepCompleted], run, on: engine)
                    }
                    // The end comes behind the live copy of 8, so that copy is looked at.
                    if event.seq == 8, delivered.events.filter({ $0.seq == 8 }).count == 1 {
                        try? await Self.store([EventType.runCompleted], run, on: engine)
                    }
                    return true
                }
            }
            #expect(delivered.events.compactMap(\.seq) == Array(1...9))
        }
    }

    @Test(arguments: Backend.all)
    func aFollowerThatLaggedCatchesUpFromTheDatabase(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let run = try await engine.createRun("unused", .answer("unused"))
            try await Self.store([EventType.runStarted], run, on: engine)
            let delivered = EventCollector()
            let holding = Latch(), release = Latch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await withDeadline(.seconds(60), "the follow to end") {
                        try await RunFollower(service: engine.runs).follow(Self.runFilter(run), scope: run.scope, afterSeq: 0) { event in
                            delivered.append(event)
                            if event.seq == 1 {
                                holding.open()
                                await release.wait()
                            }
                            return true
                        }
                    }
                }
                try await withDeadline(.seconds(60), "the follower to take the first event") { await holding.wait() }
                // While the reader is held, more events are published than its buffer (1024) holds.
                try await Self.store(Array(repeating: EventType.llmToken, count: 1100), run, on: engine)
                try await Self.store([EventType.runCompleted], run, on: engine)
                release.open()
                try await group.waitForAll()
            }
            #expect(delivered.events.compactMap(\.seq) == Array(1...1102))
            #expect(delivered.events.last?.type == EventType.runCompleted)
        }
    }

    @Test(arguments: Backend.all)
    func theFollowOfAnEndedRunStopsAtItsTerminalEvent(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let run = try await engine.createRun("unused", .answer("unused"))
            try await Self.store([EventType.runStarted, EventType.runCancelled], run, on: engine)
            let delivered = EventCollector()
            try await withDeadline(.seconds(60), "the follow to end") {
                try await RunFollower(service: engine.runs).follow(Self.runFilter(run), scope: run.scope, afterSeq: nil) { event in
                    delivered.append(event)
                    return true
                }
            }
            #expect(delivered.events.map(\.type) == [EventType.runStarted, EventType.runCancelled])
        }
    }

    @Test(arguments: Backend.all)
    func anotherTenantFollowingTheSameRunIdSeesNothing(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let run = try await engine.createRun("unused", .answer("unused"))
            let outsider = TestTenants.otherUser
            let filter = EventBus.Filter(orgID: outsider.orgID, userID: outsider.userID, projectID: outsider.projectID, runID: run.id)
            let delivered = EventCollector()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await RunFollower(service: engine.runs).follow(filter, scope: outsider, afterSeq: 0, poll: .milliseconds(20)) { event in
                        delivered.append(event)
                        return true
                    }
                }
                try await Self.store([EventType.runStarted, EventType.runCompleted], run, on: engine)
                // The owner's follow of the same run ends, so the events were there to be seen.
                #expect(try await engine.followToEnd(run.id, in: run.scope).count == 2)
                group.cancelAll()
            }
            #expect(delivered.events.isEmpty)
        }
    }
}
