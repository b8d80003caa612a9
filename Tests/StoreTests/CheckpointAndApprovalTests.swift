import Foundation
import Testing
@testable import Store

@Suite struct CheckpointAndApprovalTests {
    @Test(arguments: Backend.all)
    func checkpointsListByStepAndTheLatestIsTheHighest(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            #expect(try await db.checkpoints.latest(for: run.id, in: Tenants.a) == nil)
            for step in [2, 0, 1] {
                _ = try await db.checkpoints.save(NewCheckpoint(step: step, state: "{\"step\":\(step)}"), for: run.id, in: Tenants.a)
            }
            let all = try await db.checkpoints.list(for: run.id, in: Tenants.a)
            #expect(all.map(\.step) == [0, 1, 2])
            #expect(all.allSatisfy { $0.id.hasPrefix("ckpt_") && $0.runID == run.id })
            let latest = try #require(try await db.checkpoints.latest(for: run.id, in: Tenants.a))
            #expect(latest.step == 2)
            try expectSameJSON(latest.state, #"{"step":2}"#)
            await expectStoreError(.conflict) { try await db.checkpoints.save(NewCheckpoint(step: 1, state: "{}"), for: run.id, in: Tenants.a) }
            await expectStoreError(.notFound) { try await db.checkpoints.save(NewCheckpoint(step: 9, state: "{}"), for: run.id, in: Tenants.b) }
            await expectStoreError(.invalidInput) { try await db.checkpoints.save(NewCheckpoint(step: 9, state: "nope"), for: run.id, in: Tenants.a) }
        }
    }

    @Test(arguments: Backend.all)
    func approvalsAreDecidedOnceAndAllowAlwaysGrantsTheTool(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            let approval = try await db.approvals.create(NewApproval(callID: "call_1", toolName: "exec_command", args: #"{"command":"ls"}"#),
                                                         for: run.id, in: Tenants.a)
            #expect(approval.status == .pending)
            #expect(approval.id.hasPrefix("apr_"))
            await expectStoreError(.conflict) {
                try await db.approvals.create(NewApproval(callID: "call_1", toolName: "exec_command"), for: run.id, in: Tenants.a)
            }
            _ = try await db.approvals.create(NewApproval(callID: "call_2", toolName: "write_file"), for: run.id, in: Tenants.a)
            #expect(try await db.approvals.list(in: Tenants.a, status: .pending).map(\.callID) == ["call_1", "call_2"])

            let decided = try #require(try await db.approvals.decide(runID: run.id, callID: "call_1", .allowAlways, reason: "fine", in: Tenants.a))
            #expect(decided.status == .allowed)
            #expect(decided.decision == .allowAlways)
            #expect(decided.reason == "fine")
            #expect(decided.decidedAt != nil)
            try expectSameJSON(decided.args, #"{"command":"ls"}"#)
            #expect(try await db.toolGrants.isGranted("exec_command", in: Tenants.a))
            #expect(try await db.toolGrants.isGranted("exec_command", in: Tenants.c) == false)
            await expectStoreError(.invalidState) { try await db.approvals.decide(runID: run.id, callID: "call_1", .deny, in: Tenants.a) }
            #expect(try await db.approvals.decide(runID: run.id, callID: "call_2", .deny, in: Tenants.b) == nil)
            let denied = try #require(try await db.approvals.decide(runID: run.id, callID: "call_2", .deny, in: Tenants.a))
            #expect(denied.status == .denied)
            #expect(try await db.approvals.get(runID: run.id, callID: "call_2", in: Tenants.a)?.status == .denied)
            #expect(try await db.approvals.list(in: Tenants.a, runID: run.id).count == 2)
        }
    }

    @Test(arguments: Backend.all)
    func toolGrantsAreIdempotentAndRevocable(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            try await db.toolGrants.grant("read_file", in: Tenants.a)
            try await db.toolGrants.grant("read_file", in: Tenants.a)
            try await db.toolGrants.grant("glob_files", in: Tenants.a)
            #expect(try await db.toolGrants.list(in: Tenants.a).map(\.toolName) == ["glob_files", "read_file"])
            #expect(try await db.toolGrants.revoke("read_file", in: Tenants.a))
            #expect(try await db.toolGrants.revoke("read_file", in: Tenants.a) == false)
            #expect(try await db.toolGrants.list(in: Tenants.b).isEmpty)
        }
    }
}
