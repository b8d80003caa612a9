import Foundation
import Testing
@testable import Store

@Suite struct QueueTests {
    @Test(arguments: Backend.all)
    func claimsAreFIFOAndNeverTwoRunsOfOneSession(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let s1a = try await db.makeRun(Tenants.a, session: "s_1", now: base)
            let s2a = try await db.makeRun(Tenants.d, session: "s_2", now: base.addingTimeInterval(1))
            let s1b = try await db.makeRun(Tenants.a, session: "s_1", now: base.addingTimeInterval(2))
            let now = base.addingTimeInterval(10)

            let first = try #require(try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30), now: now))
            #expect(first.id == s1a.id)
            #expect(first.status == .running)
            #expect(first.leaseOwner == "w1")
            #expect(first.leaseExpiresAt == Timestamp.truncated(now.addingTimeInterval(30)))
            #expect(first.startedAt == Timestamp.truncated(now))
            #expect(first.attempts == 1)
            // s_1 is busy, so its second run waits; the other tenant's session goes next.
            let second = try #require(try await db.queue.claimNext(owner: "w2", leaseDuration: .seconds(30), now: now))
            #expect(second.id == s2a.id)
            #expect(try await db.queue.claimNext(owner: "w2", leaseDuration: .seconds(30), now: now) == nil)
            #expect(try await db.queue.pendingCount() == 1)

            _ = try await db.runs.update(s1a.id, in: Tenants.a, RunUpdate(status: .completed))
            let third = try #require(try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30), now: now))
            #expect(third.id == s1b.id)
            #expect(try await db.queue.pendingCount() == 0)
        }
    }

    @Test(arguments: Backend.all)
    func aWaitingRunBlocksItsSessionToo(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let first = try await db.makeRun(Tenants.a, session: "s_1")
            _ = try await db.makeRun(Tenants.a, session: "s_1")
            _ = try await db.queue.claimNext(owner: "w", leaseDuration: .seconds(30))
            let waiting = try #require(try await db.runs.update(first.id, in: Tenants.a, RunUpdate(status: .waitingApproval)))
            #expect(waiting.leaseOwner == nil, "a waiting run holds no lease")
            #expect(try await db.queue.claimNext(owner: "w", leaseDuration: .seconds(30)) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func heartbeatsExtendOnlyTheOwnersLeaseAndReportCancellation(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            let now = Date()
            _ = try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(10), now: now)
            let lease = try #require(try await db.queue.heartbeat(run.id, in: Tenants.a, owner: "w1", leaseDuration: .seconds(60), now: now))
            #expect(lease.expiresAt == Timestamp.truncated(now.addingTimeInterval(60)))
            #expect(!lease.cancelRequested)
            #expect(try await db.queue.heartbeat(run.id, in: Tenants.a, owner: "w2", leaseDuration: .seconds(60)) == nil)
            #expect(try await db.queue.heartbeat(run.id, in: Tenants.b, owner: "w1", leaseDuration: .seconds(60)) == nil)
            _ = try await db.runs.requestCancel(run.id, in: Tenants.a)
            let flagged = try #require(try await db.queue.heartbeat(run.id, in: Tenants.a, owner: "w1", leaseDuration: .seconds(60)))
            #expect(flagged.cancelRequested)
        }
    }

    @Test(arguments: Backend.all)
    func expiredLeasesAreTakenOverForResumeAndLiveOnesAreNot(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let now = Date()
            let dead = try await db.makeRun(Tenants.a, session: "s_1")
            let alive = try await db.makeRun(Tenants.b, session: "s_1")
            _ = try await db.queue.claimNext(owner: "crashed", leaseDuration: .seconds(5), now: now)
            _ = try await db.queue.claimNext(owner: "healthy", leaseDuration: .seconds(60), now: now)
            let later = now.addingTimeInterval(10)
            let taken = try await db.queue.claimExpired(owner: "w-new", leaseDuration: .seconds(30), now: later)
            #expect(taken.map(\.id) == [dead.id])
            #expect(taken.first?.leaseOwner == "w-new")
            #expect(taken.first?.attempts == 2)
            #expect(taken.first?.status == .running)
            #expect(try await db.queue.claimExpired(owner: "w-new", leaseDuration: .seconds(30), now: later).isEmpty)
            #expect(try await db.runs.get(alive.id, in: Tenants.b)?.leaseOwner == "healthy")
        }
    }

    @Test(arguments: Backend.all)
    func releasingARunPutsItBackInTheQueue(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            _ = try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30))
            #expect(try await db.queue.release(run.id, in: Tenants.a, owner: "w2") == false)
            #expect(try await db.queue.release(run.id, in: Tenants.a, owner: "w1"))
            let again = try #require(try await db.queue.claimNext(owner: "w2", leaseDuration: .seconds(30)))
            #expect(again.id == run.id)
            #expect(again.attempts == 2)
        }
    }

    @Test(arguments: Backend.all)
    func concurrentWorkersNeverClaimTheSameRun(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            for i in 0..<40 { _ = try await db.makeRun(i % 2 == 0 ? Tenants.a : Tenants.d, session: "s_\(i)") }
            let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [String] = []
                        while let run = try await db.queue.claimNext(owner: "w\(worker)", leaseDuration: .seconds(30)) { mine.append(run.id) }
                        return mine
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(claimed.count == 40)
            #expect(Set(claimed).count == 40)
        }
    }
}
