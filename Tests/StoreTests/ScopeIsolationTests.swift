import Foundation
import Testing
@testable import Store

/// Tenant A's rows must be invisible and untouchable through every method to
/// another user, another project of the same org, and another org.
@Suite struct ScopeIsolationTests {
    @Test(arguments: Backend.all)
    func anotherTenantNeverSeesOrTouchesARunThroughAnyMethod(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let a = Tenants.a
            let parent = try await db.runs.create(NewRun(sessionKey: "s_shared", input: "secret", idempotencyKey: "idem"), in: a).run
            let run = try await db.runs.create(NewRun(sessionKey: "s_shared", input: "child", parentRunID: parent.id), in: a).run
            _ = try await db.queue.claimNext(owner: "w1", leaseDuration: .seconds(60))
            _ = try await db.events.append([NewEvent(type: "run.started", payload: #"{"secret":true}"#)], to: parent.id, in: a)
            _ = try await db.checkpoints.save(NewCheckpoint(step: 1, state: "{}"), for: parent.id, in: a)
            _ = try await db.approvals.create(NewApproval(callID: "call_1", toolName: "exec_command"), for: parent.id, in: a)
            try await db.toolGrants.grant("read_file", in: a)

            for other in Tenants.others {
                #expect(try await db.runs.get(parent.id, in: other) == nil)
                #expect(try await db.runs.list(in: other).runs.isEmpty)
                #expect(try await db.runs.list(in: other, filter: RunFilter(sessionKey: "s_shared")).runs.isEmpty)
                #expect(try await db.runs.listSession("s_shared", in: other).total == 0)
                #expect(try await db.runs.children(of: parent.id, in: other).isEmpty)
                #expect(try await db.runs.update(parent.id, in: other, RunUpdate(status: .failed)) == nil)
                #expect(try await db.runs.update(parent.id, in: other, RunUpdate(usage: TokenUsage(inputTokens: 1))) == nil)
                #expect(try await db.runs.requestCancel(run.id, in: other) == nil)
                #expect(try await db.runs.create(NewRun(sessionKey: "s", input: "x", idempotencyKey: "idem"), in: other).existing == false)
                await expectStoreError(.notFound) {
                    try await db.runs.create(NewRun(sessionKey: "s", input: "x", parentRunID: parent.id), in: other)
                }

                #expect(try await db.queue.heartbeat(parent.id, in: other, owner: "w1", leaseDuration: .seconds(60)) == nil)
                #expect(try await db.queue.release(parent.id, in: other, owner: "w1") == false)

                #expect(try await db.events.list(parent.id, in: other).isEmpty)
                #expect(try await db.events.count(parent.id, in: other) == 0)
                await expectStoreError(.notFound) { try await db.events.append([NewEvent(type: "x")], to: parent.id, in: other) }
                await expectStoreError(.notFound) {
                    try await db.events.commitStep(StepCommit(events: [NewEvent(type: "x")], checkpoint: NewCheckpoint(step: 5, state: "{}")),
                                                   to: parent.id, in: other)
                }

                #expect(try await db.checkpoints.list(for: parent.id, in: other).isEmpty)
                #expect(try await db.checkpoints.latest(for: parent.id, in: other) == nil)
                await expectStoreError(.notFound) { try await db.checkpoints.save(NewCheckpoint(step: 2, state: "{}"), for: parent.id, in: other) }

                #expect(try await db.approvals.get(runID: parent.id, callID: "call_1", in: other) == nil)
                #expect(try await db.approvals.list(in: other).isEmpty)
                #expect(try await db.approvals.decide(runID: parent.id, callID: "call_1", .allowAlways, in: other) == nil)
                await expectStoreError(.notFound) {
                    try await db.approvals.create(NewApproval(callID: "call_9", toolName: "t"), for: parent.id, in: other)
                }

                #expect(try await db.toolGrants.isGranted("read_file", in: other) == false)
                #expect(try await db.toolGrants.list(in: other).isEmpty)
                #expect(try await db.toolGrants.revoke("read_file", in: other) == false)
            }

            // Tenant A's rows are exactly as they were.
            let after = try #require(try await db.runs.get(parent.id, in: a))
            #expect(after.status == .running)
            #expect(after.usage == TokenUsage())
            #expect(after.lastSeq == 1)
            #expect(try await db.runs.get(run.id, in: a)?.cancelRequested == false)
            #expect(try await db.events.count(parent.id, in: a) == 1)
            #expect(try await db.checkpoints.list(for: parent.id, in: a).map(\.step) == [1])
            #expect(try await db.approvals.get(runID: parent.id, callID: "call_1", in: a)?.status == .pending)
            #expect(try await db.toolGrants.isGranted("read_file", in: a))
        }
    }
}
