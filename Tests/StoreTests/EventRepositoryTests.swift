import Foundation
import Testing
@testable import Store

@Suite struct EventRepositoryTests {
    @Test(arguments: Backend.all)
    func appendedEventsGetDenseSeqsAndReadBackInOrder(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            let ts = Date(timeIntervalSince1970: 1_800_000_000.5)
            let first = try await db.events.append([
                NewEvent(type: "run.started", payload: #"{"input":"hi"}"#, ts: ts),
                NewEvent(type: "step.started", payload: #"{"stepNumber":1}"#, step: 1),
            ], to: run.id, in: Tenants.a)
            #expect(first.map(\.seq) == [1, 2])
            let second = try await db.events.append([
                NewEvent(type: "tool.called", payload: #"{"toolName":"read_file"}"#, step: 1, groupID: "grp_1", roleID: "role_1", messageType: "TASK"),
                NewEvent(type: "tool.result", step: 1),
                NewEvent(type: "llm.token", payload: #"{"token":"a"}"#, step: 1),
            ], to: run.id, in: Tenants.a)
            #expect(second.map(\.seq) == [3, 4, 5])
            #expect(try await db.runs.get(run.id, in: Tenants.a)?.lastSeq == 5)

            let all = try await db.events.list(run.id, in: Tenants.a)
            #expect(all.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(all.map(\.id) == (first + second).map(\.id))
            #expect(all[0].ts == Timestamp.truncated(ts))
            #expect(all[0].scope == Tenants.a)
            #expect(all[2].groupID == "grp_1" && all[2].roleID == "role_1" && all[2].messageType == "TASK" && all[2].step == 1)
            try expectSameJSON(all[0].payload, #"{"input":"hi"}"#)
            try expectSameJSON(all[3].payload, "{}")

            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(afterSeq: 3)).map(\.seq) == [4, 5])
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(afterSeq: 1, throughSeq: 3)).map(\.seq) == [2, 3])
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(limit: 2)).map(\.seq) == [1, 2])
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(typePrefixes: ["tool."])).map(\.seq) == [3, 4])
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(types: ["run.started", "llm.token"])).map(\.seq) == [1, 5])
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(excludedTypes: ["llm.token"])).map(\.seq) == [1, 2, 3, 4])
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(typePrefixes: ["TOOL."])).isEmpty, "prefixes are case-sensitive")
            #expect(try await db.events.list(run.id, in: Tenants.a, filter: EventFilter(typePrefixes: ["tool_"])).isEmpty, "_ is not a wildcard")
            #expect(try await db.events.count(run.id, in: Tenants.a) == 5)
            #expect(try await db.events.count(run.id, in: Tenants.a, filter: EventFilter(typePrefixes: ["tool.", "run."])) == 3)
        }
    }

    @Test(arguments: Backend.all)
    func appendingToAMissingRunIsNotFoundAndWritesNothing(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            await expectStoreError(.notFound) { try await db.events.append([NewEvent(type: "x")], to: "run_missing", in: Tenants.a) }
            let run = try await db.makeRun(Tenants.a)
            await expectStoreError(.invalidInput) {
                try await db.events.append([NewEvent(type: "ok"), NewEvent(type: "bad", payload: "{nope")], to: run.id, in: Tenants.a)
            }
            await expectStoreError(.invalidInput) { try await db.events.append([NewEvent(type: "")], to: run.id, in: Tenants.a) }
            #expect(try await db.events.count(run.id, in: Tenants.a) == 0)
            #expect(try await db.runs.get(run.id, in: Tenants.a)?.lastSeq == 0)
        }
    }

    @Test(arguments: Backend.all)
    func aStepCommitWritesEventsCheckpointAndRunTogetherOrNotAtAll(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            _ = try await db.runs.update(run.id, in: Tenants.a, RunUpdate(status: .running))
            let result = try await db.events.commitStep(StepCommit(
                events: [NewEvent(type: "step.started", step: 1), NewEvent(type: "step.completed", step: 1)],
                checkpoint: NewCheckpoint(step: 1, state: #"{"messages":[{"role":"assistant","content":"hi"}]}"#),
                run: RunUpdate(usage: TokenUsage(inputTokens: 7, outputTokens: 3))
            ), to: run.id, in: Tenants.a)
            #expect(result.events.map(\.seq) == [1, 2])
            #expect(result.checkpoint?.step == 1)
            #expect(result.run.lastSeq == 2)
            #expect(result.run.usage.inputTokens == 7)

            // A second commit for step 1 conflicts on the checkpoint: its events must not stay.
            await expectStoreError(.conflict) {
                try await db.events.commitStep(StepCommit(
                    events: [NewEvent(type: "step.completed", step: 1)], checkpoint: NewCheckpoint(step: 1, state: "{}"),
                    run: RunUpdate(usage: TokenUsage(inputTokens: 100))), to: run.id, in: Tenants.a)
            }
            #expect(try await db.events.count(run.id, in: Tenants.a) == 2)
            let after = try #require(try await db.runs.get(run.id, in: Tenants.a))
            #expect(after.lastSeq == 2)
            #expect(after.usage.inputTokens == 7)

            let final = try await db.events.commitStep(StepCommit(
                events: [NewEvent(type: "run.completed", payload: #"{"output":"done"}"#, step: 2)],
                checkpoint: NewCheckpoint(step: 2, state: "{}"),
                run: RunUpdate(status: .completed, stopReason: "end_turn", output: #""done""#)), to: run.id, in: Tenants.a)
            #expect(final.run.status == .completed)
            #expect(final.events.map(\.seq) == [3])
            // A finished run refuses another status change, and the step's events with it.
            await expectStoreError(.invalidState) {
                try await db.events.commitStep(StepCommit(events: [NewEvent(type: "x")], run: RunUpdate(status: .running)),
                                               to: run.id, in: Tenants.a)
            }
            #expect(try await db.events.count(run.id, in: Tenants.a) == 3)
            await expectStoreError(.notFound) {
                try await db.events.commitStep(StepCommit(events: [NewEvent(type: "x")]), to: run.id, in: Tenants.b)
            }
        }
    }

    @Test(arguments: Backend.all)
    func twoWritersAppendingToOneRunGetSeqOneToOneThousandExactly(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<2 {
                    group.addTask {
                        for i in 0..<500 {
                            _ = try await db.events.append([NewEvent(type: "w\(writer)", payload: "{\"i\":\(i)}")], to: run.id, in: Tenants.a)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await Self.expectDense(db, run.id, count: 1000)
        }
    }

    @Test(arguments: Backend.all)
    func twoSeparateConnectionsAppendingToOneRunStayDense(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let one = try await Database.open(location.configuration)
            let two = try await Database.open(location.configuration)
            let run = try await one.makeRun(Tenants.a)
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for db in [one, two] {
                        group.addTask {
                            for _ in 0..<100 {
                                _ = try await db.events.append([NewEvent(type: "a"), NewEvent(type: "b")], to: run.id, in: Tenants.a)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                try await Self.expectDense(one, run.id, count: 400)
            } catch {
                await one.close(); await two.close()
                throw error
            }
            await one.close(); await two.close()
        }
    }

    static func expectDense(_ db: Database, _ runID: String, count: Int) async throws {
        var seqs: [Int64] = []
        var after: Int64 = 0
        while true {
            let page = try await db.events.list(runID, in: Tenants.a, filter: EventFilter(afterSeq: after, limit: 300))
            guard let last = page.last else { break }
            seqs += page.map(\.seq)
            after = last.seq
        }
        #expect(seqs == Array(1...Int64(count)))
        #expect(try await db.runs.get(runID, in: Tenants.a)?.lastSeq == Int64(count))
    }
}
