import Foundation
import Testing
@testable import Store

/// A worker whose lease another worker took over writes nothing more.
@Suite struct LeaseFenceTests {
    @Test(arguments: Backend.all)
    func aWorkerThatLostTheLeaseWritesNothing(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let base = Date()
            let run = try await db.makeRun(Tenants.a, now: base)
            let claimed = try #require(try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(30), now: base))
            #expect(claimed.id == run.id)
            _ = try await db.events.commitStep(StepCommit(events: [NewEvent(type: "run.started")], checkpoint: NewCheckpoint(step: 0, state: "{}"),
                                                          leaseOwner: "w1"), to: run.id, in: Tenants.a)
            _ = try await db.events.append([NewEvent(type: "llm.token", payload: #"{"text":"a"}"#)], to: run.id, in: Tenants.a, leaseOwner: "w1")

            // w1 stalls past its lease; w2 takes the run over.
            let later = base.addingTimeInterval(60)
            let taken = try await db.queue.claimExpired(owner: "w2", leaseDuration: .seconds(30), now: later)
            #expect(taken.map(\.id) == [run.id])

            let stale = await expectStoreError(.leaseLost) {
                try await db.events.commitStep(StepCommit(events: [NewEvent(type: "step.completed", step: 1)], checkpoint: NewCheckpoint(step: 1, state: "{}"),
                                                          run: RunUpdate(usage: TokenUsage(inputTokens: 5)), leaseOwner: "w1"), to: run.id, in: Tenants.a)
            }
            #expect(stale?.message.contains("w2") == true)
            await expectStoreError(.leaseLost) {
                try await db.events.append([NewEvent(type: "llm.token", payload: #"{"text":"b"}"#)], to: run.id, in: Tenants.a, leaseOwner: "w1")
            }
            await expectStoreError(.leaseLost) {
                try await db.events.commitStep(StepCommit(events: [NewEvent(type: "run.failed")], run: RunUpdate(status: .failed, stopReason: "error"),
                                                          leaseOwner: "w1"), to: run.id, in: Tenants.a)
            }
            let after = try #require(try await db.runs.get(run.id, in: Tenants.a))
            #expect(after.lastSeq == 2)
            #expect(after.status == .running && after.leaseOwner == "w2")
            #expect(after.usage.inputTokens == 0)
            #expect(try await db.events.count(run.id, in: Tenants.a) == 2)
            #expect(try await db.checkpoints.latest(for: run.id, in: Tenants.a)?.step == 0)

            // The new owner writes on; once the run has ended, nobody holds it.
            let done = try await db.events.commitStep(StepCommit(events: [NewEvent(type: "run.completed")], checkpoint: NewCheckpoint(step: 1, state: "{}"),
                                                                 run: RunUpdate(status: .completed, stopReason: "end_turn"), leaseOwner: "w2"),
                                                      to: run.id, in: Tenants.a)
            #expect(done.events.map(\.seq) == [3])
            await expectStoreError(.leaseLost) {
                try await db.events.append([NewEvent(type: "x")], to: run.id, in: Tenants.a, leaseOwner: "w2")
            }
            // Without a fence (an approval, a cancel by the API) the append goes through as before,
            // and another tenant's fenced write is still not found.
            #expect(try await db.events.append([NewEvent(type: "x")], to: run.id, in: Tenants.a).map(\.seq) == [4])
            await expectStoreError(.notFound) {
                try await db.events.append([NewEvent(type: "x")], to: run.id, in: Tenants.b, leaseOwner: "w2")
            }
        }
    }
}
