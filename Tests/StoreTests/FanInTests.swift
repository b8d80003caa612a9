import Foundation
import Testing
@testable import Store

/// `resumeFannedIn`: a parent waiting for its children goes back to the
/// queue once, when its last child has ended — however many workers look.
@Suite struct FanInTests {
    static func set(_ db: Database, _ id: String, _ status: String) async throws {
        try await db.transaction(.system, .write) { c in _ = try c.execute("UPDATE runs SET status = '\(status)' WHERE id = '\(id)'", []) }
    }

    @Test(arguments: Backend.all)
    func aParentResumesOnceWhenItsLastChildEndsEvenWithManyWorkers(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let parent = try await db.makeRun(Tenants.a)
            let children = try await db.runs.createChildren(of: parent.id, [NewRun(sessionKey: "-", input: "a"), NewRun(sessionKey: "-", input: "b")],
                                                            in: Tenants.a)
            #expect(children.map(\.sessionKey) == ["child:\(parent.id):1", "child:\(parent.id):2"])
            #expect(children.allSatisfy { $0.rootRunID == parent.id })
            try await Self.set(db, parent.id, "waiting_children")
            try await Self.set(db, children[0].id, "completed")
            // One child still runs: nobody resumes the parent.
            #expect(try await db.queue.resumeFannedIn().isEmpty)
            try await Self.set(db, children[1].id, "failed")
            let resumed = try await withThrowingTaskGroup(of: [Run].self) { group in
                for _ in 0..<6 { group.addTask { try await db.queue.resumeFannedIn() } }
                var all: [Run] = []
                for try await runs in group { all += runs }
                return all
            }
            #expect(resumed.map(\.id) == [parent.id])
            #expect(try await db.runs.get(parent.id, in: Tenants.a)?.status == .pending)
            #expect(try await db.queue.resumeFannedIn().isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aWaitingParentBlocksItsSessionButNotItsChildren(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let parent = try await db.makeRun(Tenants.a)
            let later = try await db.makeRun(Tenants.a, now: Date().addingTimeInterval(1))
            let claimed = try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30))
            #expect(claimed?.id == parent.id)
            let child = try #require(try await db.runs.createChildren(of: parent.id, [NewRun(sessionKey: "-", input: "a")], in: Tenants.a).first)
            _ = try await db.runs.update(parent.id, in: Tenants.a, RunUpdate(status: .waitingChildren))
            // The child is claimable; the parent's session's next run is not.
            let next = try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30))
            #expect(next?.id == child.id)
            #expect(try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30)) == nil)
            _ = try await db.runs.update(child.id, in: Tenants.a, RunUpdate(status: .completed))
            #expect(try await db.queue.resumeFannedIn().map(\.id) == [parent.id])
            #expect(try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30))?.id == parent.id)
            #expect(later.status == .pending)
        }
    }
}

extension FanInTests {
    @Test(arguments: Backend.all)
    func aCancelRequestedWhileParkingPutsTheParentBackToBeStopped(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let parent = try await db.makeRun(Tenants.a)
            _ = try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30))
            _ = try await db.runs.createChildren(of: parent.id, [NewRun(sessionKey: "-", input: "a")], in: Tenants.a)
            // The cancel arrives while the parent still runs; then it parks.
            #expect(try await db.runs.requestCancel(parent.id, in: Tenants.a)?.cancelledNow == false)
            _ = try await db.runs.update(parent.id, in: Tenants.a, RunUpdate(status: .waitingChildren))
            let back = try await db.queue.resumeFannedIn()
            #expect(back.map(\.id) == [parent.id] && back.first?.cancelRequested == true)
        }
    }
}
