import Store
import Testing
import TestSupport
@testable import Runtime

/// The in-process fan-out: who is handed what, what a full buffer turns
/// into, and how waiting readers are woken, timed out and cancelled.
@Suite struct EventBusTests {
    static func event(_ runID: String, _ seq: Int64?, _ type: String = EventType.stepStarted, scope: Scope = TestTenants.a) -> RunEvent {
        RunEvent(id: "evt_\(runID)_\(seq ?? 0)", runID: runID, seq: seq, type: type, ts: "2026-01-01T00:00:00.000Z",
                 orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, payload: [:])
    }

    static func filter(_ scope: Scope, runID: String? = nil, session: String? = nil) -> EventBus.Filter {
        EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: runID, sessionKey: session)
    }

    /// What is ready for `sub` now, without waiting: `next(within: .zero)`
    /// answers an item that is there before it answers `.idle`.
    static func drain(_ sub: BusSubscription) async -> [BusSubscription.Item] {
        var items: [BusSubscription.Item] = []
        while let item = await sub.next(within: .zero), item != .idle { items.append(item) }
        return items
    }

    static func runIDs(_ items: [BusSubscription.Item]) -> [String] {
        items.compactMap { if case .event(let e) = $0 { e.runID } else { nil } }
    }

    @Test func aSubscriberIsHandedItsTenantsEventsOnlyNarrowedByRunOrSession() async {
        let bus = EventBus()
        let a = TestTenants.a
        let wholeScope = bus.subscribe(Self.filter(a))
        let oneRun = bus.subscribe(Self.filter(a, runID: "run_1"))
        let oneSession = bus.subscribe(Self.filter(a, session: "s_one"))
        let neighbours = TestTenants.neighbours.map { bus.subscribe(Self.filter($0)) }
        // Another org's subscriber to the same run id still sees none of a's events.
        let sameRunOtherOrg = bus.subscribe(Self.filter(TestTenants.otherOrg, runID: "run_1"))

        bus.publish([Self.event("run_1", 1), Self.event("run_1", 2)], sessionKey: "s_one")
        bus.publish([Self.event("run_2", 1)], sessionKey: "s_two")
        for (i, scope) in TestTenants.neighbours.enumerated() {
            bus.publish([Self.event("run_n\(i)", 1, scope: scope)], sessionKey: "s_one")
        }

        #expect(Self.runIDs(await Self.drain(wholeScope)) == ["run_1", "run_1", "run_2"])
        #expect(Self.runIDs(await Self.drain(oneRun)) == ["run_1", "run_1"])
        #expect(Self.runIDs(await Self.drain(oneSession)) == ["run_1", "run_1"])
        for (i, sub) in neighbours.enumerated() {
            #expect(Self.runIDs(await Self.drain(sub)) == ["run_n\(i)"])
        }
        #expect(await Self.drain(sameRunOtherOrg).isEmpty)
    }

    @Test func aFullBufferIsDroppedAndTheReaderToldWhichRunsLagged() async {
        let bus = EventBus()
        let sub = bus.subscribe(Self.filter(TestTenants.a), capacity: 2)
        bus.publish([Self.event("run_1", 1), Self.event("run_1", 2)], sessionKey: "s")
        #expect(sub.buffered == 2)
        // One more than fits: everything buffered goes, and so does what comes while lagged.
        bus.publish([Self.event("run_2", 1)], sessionKey: "s")
        bus.publish([Self.event("run_3", 1)], sessionKey: "s")
        #expect(sub.buffered == 0)
        #expect(await Self.drain(sub) == [.lagged(runIDs: ["run_1", "run_2", "run_3"])])
        // Once told, the reader is handed events again.
        bus.publish([Self.event("run_4", 1)], sessionKey: "s")
        #expect(Self.runIDs(await Self.drain(sub)) == ["run_4"])
    }

    @Test func aPokeForEventsThisProcessPublishedIsIgnoredAndAnyOtherIsALag() async {
        let bus = EventBus()
        let scopeWide = bus.subscribe(Self.filter(TestTenants.a))
        let otherRun = bus.subscribe(Self.filter(TestTenants.a, runID: "run_9"))
        bus.publish([Self.event("run_1", 1), Self.event("run_1", 2), Self.event("run_1", 3)], sessionKey: "s")
        #expect(Self.runIDs(await Self.drain(scopeWide)) == ["run_1", "run_1", "run_1"])

        bus.poke(runID: "run_1", seq: 3)
        bus.poke(runID: "run_1", seq: 2)
        #expect(await Self.drain(scopeWide).isEmpty)

        bus.poke(runID: "run_1", seq: 4)
        #expect(await Self.drain(scopeWide) == [.lagged(runIDs: ["run_1"])])
        // A subscriber of one run is not poked about another.
        #expect(await Self.drain(otherRun).isEmpty)
        bus.poke(runID: "run_9", seq: 1)
        #expect(await Self.drain(otherRun) == [.lagged(runIDs: ["run_9"])])
        #expect(await Self.drain(scopeWide) == [.lagged(runIDs: ["run_9"])])
    }

    @Test func aRunThatEndedIsForgottenSoALaterPokeForItIsALag() async {
        let bus = EventBus()
        let sub = bus.subscribe(Self.filter(TestTenants.a))
        bus.publish([Self.event("run_1", 1), Self.event("run_1", 2, EventType.runCompleted)], sessionKey: "s")
        _ = await Self.drain(sub)
        bus.poke(runID: "run_1", seq: 2)
        #expect(await Self.drain(sub) == [.lagged(runIDs: ["run_1"])])
    }

    @Test func resyncAllTellsEverySubscriberToRereadAndSupersedesALag() async {
        let bus = EventBus()
        let first = bus.subscribe(Self.filter(TestTenants.a), capacity: 1)
        let second = bus.subscribe(Self.filter(TestTenants.otherOrg, runID: "run_5"))
        bus.publish([Self.event("run_1", 1), Self.event("run_1", 2)], sessionKey: "s")
        bus.resyncAll()
        #expect(await Self.drain(first) == [.resync])
        #expect(await Self.drain(second) == [.resync])
    }

    @Test func nextWithinAnswersIdleWhenNothingComes() async {
        let bus = EventBus()
        let sub = bus.subscribe(Self.filter(TestTenants.a))
        #expect(await sub.next(within: .milliseconds(10)) == .idle)
        #expect(bus.subscriberCount == 1)
    }

    @Test func nextWithinAnswersAnEventThatComesFirst() async throws {
        let bus = EventBus()
        let sub = bus.subscribe(Self.filter(TestTenants.a))
        let item = try await withDeadline(.seconds(60), "the reader") {
            await withTaskGroup(of: BusSubscription.Item?.self) { group in
                // The timeout only matters if the event is never handed over.
                group.addTask { await sub.next(within: .seconds(30)) }
                while !sub.isWaiting { await Task.yield() }
                bus.publish([Self.event("run_1", 1)], sessionKey: "s")
                return await group.next() ?? nil
            }
        }
        #expect(item == .event(Self.event("run_1", 1)))
    }

    @Test func cancelWakesAWaitingReaderWithNilAndRemovesTheSubscriber() async throws {
        let bus = EventBus()
        let sub = bus.subscribe(Self.filter(TestTenants.a))
        let other = bus.subscribe(Self.filter(TestTenants.a))
        #expect(bus.subscriberCount == 2)
        let item = try await withDeadline(.seconds(60), "the reader to wake") {
            await withTaskGroup(of: BusSubscription.Item?.self) { group in
                group.addTask { await sub.next() }
                while !sub.isWaiting { await Task.yield() }
                sub.cancel()
                return await group.next() ?? .idle
            }
        }
        #expect(item == nil)
        #expect(bus.subscriberCount == 1)
        // A cancelled subscription takes nothing more, and the others go on.
        bus.publish([Self.event("run_1", 1)], sessionKey: "s")
        #expect(await sub.next() == nil)
        #expect(Self.runIDs(await Self.drain(other)) == ["run_1"])
    }

    @Test func aCancelledReaderTaskEndsItsWaitAndItsSubscription() async throws {
        let bus = EventBus()
        let sub = bus.subscribe(Self.filter(TestTenants.a))
        let item = try await withDeadline(.seconds(60), "the cancelled reader to return") {
            await withTaskGroup(of: BusSubscription.Item?.self) { group in
                group.addTask { await sub.next() }
                while !sub.isWaiting { await Task.yield() }
                group.cancelAll()
                return await group.next() ?? .idle
            }
        }
        #expect(item == nil)
        #expect(bus.subscriberCount == 0)
    }
}
