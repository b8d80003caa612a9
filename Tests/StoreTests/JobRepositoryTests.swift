import Foundation
import Testing
@testable import Store

/// Jobs in storage: claims and their leases, writes fenced by the lease,
/// one terminal event, dense seqs, and nothing across tenants.
@Suite struct JobRepositoryTests {
    static let progress = JobProgress(itemsTotal: 2, itemsDone: 1, errors: "[]", checkpoint: #"{"done":["a"]}"#, stats: "{}")

    @Test(arguments: Backend.all)
    func aClaimIsFencedByItsLeaseAndAJobEndsOnce(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let base = Date()
            let job = try await db.jobs.create(NewJob(kind: "pdf_ingest", spec: "{}"), in: Tenants.a, now: base)
            #expect(job.state == "pending" && job.lastSeq == 0)
            let w1 = try #require(try await db.jobs.claim(owner: "w1", lease: .seconds(30), kinds: ["pdf_ingest"], now: base))
            #expect(w1.id == job.id && w1.state == "running" && w1.attempts == 1)
            #expect(try await db.jobs.claim(owner: "w2", lease: .seconds(30), kinds: ["pdf_ingest"], now: base) == nil, "the lease holds")
            #expect(try await db.jobs.record(w1, owner: "w1", progress: Self.progress, event: (type: "job.progress", payload: "{}"), now: base))

            // w1 stalls past its lease; w2 takes over and w1 can write nothing more.
            let later = base.addingTimeInterval(60)
            let w2 = try #require(try await db.jobs.claim(owner: "w2", lease: .seconds(30), kinds: ["pdf_ingest"], now: later))
            #expect(w2.attempts == 2 && w2.itemsDone == 1 && w2.checkpoint.contains("\"a\""))
            #expect(try await db.jobs.record(w1, owner: "w1", progress: Self.progress, event: (type: "job.progress", payload: "{}"), now: later) == false)
            #expect(try await db.jobs.finish(w1, owner: "w1", state: "completed", progress: Self.progress, result: "{}", errorMessage: nil,
                                             event: (type: "job.completed", payload: "{}"), now: later) == false)
            #expect(try await db.jobs.finish(w2, owner: "w2", state: "completed", progress: Self.progress, result: "{}", errorMessage: nil,
                                             event: (type: "job.completed", payload: "{}"), now: later))
            #expect(try await db.jobs.finish(w2, owner: "w2", state: "completed", progress: Self.progress, result: "{}", errorMessage: nil,
                                             event: (type: "job.completed", payload: "{}"), now: later) == false, "a job ends once")
            let events = try await db.jobs.events(job.id, in: Tenants.a)
            #expect(events.map(\.seq) == [1, 2] && events.map(\.type) == ["job.progress", "job.completed"])
            #expect(try await db.jobs.get(job.id, in: Tenants.a)?.state == "completed")
            #expect(try await db.jobs.claim(owner: "w3", lease: .seconds(30), kinds: ["pdf_ingest"], now: later.addingTimeInterval(600)) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func aDeadOwnersJobIsTakenAtOnceAndAPendingCancelEndsIt(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let now = Date()
            let job = try await db.jobs.create(NewJob(kind: "pdf_ingest", spec: "{}"), in: Tenants.a, now: now)
            _ = try await db.jobs.claim(owner: "dead", lease: .seconds(300), kinds: ["pdf_ingest"], now: now)
            let taken = try await db.jobs.claim(owner: "w2", lease: .seconds(30), kinds: ["pdf_ingest"], now: now) { $0 == "dead" }
            #expect(taken?.id == job.id && taken?.leaseOwner == "w2")

            let pending = try await db.jobs.create(NewJob(kind: "feishu_sync", spec: "{}"), in: Tenants.a, now: now)
            let cancelled = try await db.jobs.requestCancel(pending.id, in: Tenants.a, eventPayload: "{}", now: now)
            #expect(cancelled?.state == "cancelled" && cancelled?.lastSeq == 1)
            await expectStoreError(.invalidState) { _ = try await db.jobs.requestCancel(pending.id, in: Tenants.a, eventPayload: "{}") }
        }
    }

    @Test(arguments: Backend.all)
    func anotherTenantSeesNoJobAndNoEvent(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let job = try await db.jobs.create(NewJob(kind: "pdf_ingest", spec: "{}"), in: Tenants.a)
            _ = try await db.jobs.requestCancel(job.id, in: Tenants.a, eventPayload: "{}")
            for other in [Tenants.c, Tenants.d] {
                #expect(try await db.jobs.get(job.id, in: other) == nil)
                #expect(try await db.jobs.list(in: other).isEmpty)
                #expect(try await db.jobs.events(job.id, in: other).isEmpty)
                #expect(try await db.jobs.requestCancel(job.id, in: other, eventPayload: "{}") == nil)
            }
            // Jobs are shared within (org, project): another user of the same project sees them.
            #expect(try await db.jobs.get(job.id, in: Tenants.b)?.id == job.id)
        }
    }
}
