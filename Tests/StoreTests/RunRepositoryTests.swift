import Foundation
import Testing
@testable import Store

@Suite struct RunRepositoryTests {
    @Test(arguments: Backend.all)
    func aCreatedRunReadsBackWithEveryField(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let now = Date()
            let new = NewRun(sessionKey: "s_1", agentID: "coder", input: "write a poem",
                             agentConfig: #"{"max_steps":5}"#, llmConfig: #"{"provider":"scripted","model":"m"}"#,
                             metadata: #"{"tags":["a","b"]}"#, groupID: "grp_1", roleID: "role_1")
            let created = try await db.runs.create(new, in: Tenants.a, now: now)
            #expect(!created.existing)
            let run = created.run
            #expect(run.id.hasPrefix("run_"))
            #expect(run.scope == Tenants.a)
            #expect(run.status == .pending)
            #expect(run.lastSeq == 0)
            #expect(run.attempts == 0)
            #expect(!run.cancelRequested)
            #expect(run.createdAt == Timestamp.truncated(now))
            #expect(run.updatedAt == run.createdAt)
            #expect(run.startedAt == nil && run.endedAt == nil)
            let fetched = try #require(try await db.runs.get(run.id, in: Tenants.a))
            #expect(fetched.id == run.id)
            #expect(fetched.sessionKey == "s_1")
            #expect(fetched.agentID == "coder")
            #expect(fetched.input == "write a poem")
            #expect(fetched.groupID == "grp_1" && fetched.roleID == "role_1")
            #expect(fetched.createdAt == run.createdAt)
            try expectSameJSON(fetched.agentConfig, new.agentConfig)
            try expectSameJSON(fetched.llmConfig, new.llmConfig)
            try expectSameJSON(fetched.metadata, new.metadata)
            #expect(try await db.runs.get("run_missing", in: Tenants.a) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func theSameIdempotencyKeyReturnsTheFirstRunInsteadOfADuplicate(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let first = try await db.runs.create(NewRun(sessionKey: "s", input: "one", idempotencyKey: "key-1"), in: Tenants.a)
            let again = try await db.runs.create(NewRun(sessionKey: "s", input: "two", idempotencyKey: "key-1"), in: Tenants.a)
            #expect(!first.existing)
            #expect(again.existing)
            #expect(again.run.id == first.run.id)
            #expect(again.run.input == "one")
            // Another tenant may use the same key for its own run.
            let other = try await db.runs.create(NewRun(sessionKey: "s", input: "three", idempotencyKey: "key-1"), in: Tenants.c)
            #expect(!other.existing)
            #expect(other.run.id != first.run.id)
            // Concurrent creates with one key still make one run.
            let ids = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<8 {
                    group.addTask { try await db.runs.create(NewRun(sessionKey: "s", input: "\(i)", idempotencyKey: "key-2"), in: Tenants.a).run.id }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(ids.count == 1)
        }
    }

    @Test(arguments: Backend.all)
    func listingPagesNewestFirstByCursorWithoutGapsOrRepeats(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            var made: [Run] = []
            for i in 0..<25 {
                // Pairs share a millisecond, so the id breaks ties.
                made.append(try await db.makeRun(Tenants.a, session: i % 2 == 0 ? "s_even" : "s_odd", input: "\(i)",
                                                 now: base.addingTimeInterval(Double(i / 2))))
            }
            var seen: [String] = []
            var cursor: RunCursor?
            repeat {
                let page = try await db.runs.list(in: Tenants.a, limit: 7, after: cursor)
                #expect(page.runs.count <= 7)
                seen += page.runs.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            let expected = made.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(\.id)
            #expect(seen == expected)

            let even = try await db.runs.list(in: Tenants.a, filter: RunFilter(sessionKey: "s_even"), limit: 100)
            #expect(even.runs.count == 13)
            #expect(even.nextCursor == nil)
            let window = try await db.runs.list(in: Tenants.a, filter: RunFilter(createdFrom: base.addingTimeInterval(2),
                                                                                 createdBefore: base.addingTimeInterval(4)), limit: 100)
            #expect(Set(window.runs.map(\.input)) == ["4", "5", "6", "7"])
            _ = try await db.runs.update(made[0].id, in: Tenants.a, RunUpdate(status: .cancelled))
            let cancelled = try await db.runs.list(in: Tenants.a, filter: RunFilter(statuses: [.cancelled]))
            #expect(cancelled.runs.map(\.id) == [made[0].id])
            #expect(try await db.runs.list(in: Tenants.a, filter: RunFilter(statuses: [])).runs.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func aSessionListsByPageWithItsTotal(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            for i in 0..<5 { _ = try await db.makeRun(Tenants.a, session: "s_chat", input: "\(i)", now: base.addingTimeInterval(Double(i))) }
            _ = try await db.makeRun(Tenants.a, session: "s_other")
            let page1 = try await db.runs.listSession("s_chat", in: Tenants.a, page: 1, limit: 2)
            #expect(page1.total == 5)
            #expect(page1.runs.map(\.input) == ["4", "3"])
            let page3 = try await db.runs.listSession("s_chat", in: Tenants.a, page: 3, limit: 2)
            #expect(page3.runs.map(\.input) == ["0"])
            #expect(page3.page == 3 && page3.limit == 2)
            let empty = try await db.runs.listSession("s_chat", in: Tenants.b)
            #expect(empty.total == 0 && empty.runs.isEmpty)
        }
    }

    @Test(arguments: Backend.all)
    func statusChangesFollowTheLifecycleAndStampTimes(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let run = try await db.makeRun(Tenants.a)
            let t1 = Date().addingTimeInterval(1)
            let running = try #require(try await db.runs.update(run.id, in: Tenants.a, RunUpdate(status: .running), now: t1))
            #expect(running.status == .running)
            #expect(running.startedAt == Timestamp.truncated(t1))
            let waiting = try #require(try await db.runs.update(run.id, in: Tenants.a, RunUpdate(status: .waitingApproval)))
            #expect(waiting.status == .waitingApproval)
            let resumed = try #require(try await db.runs.update(run.id, in: Tenants.a, RunUpdate(status: .running), now: t1.addingTimeInterval(5)))
            #expect(resumed.startedAt == Timestamp.truncated(t1), "started_at is set once")
            let usage = TokenUsage(inputTokens: 10, outputTokens: 5, cachedTokens: 2)
            _ = try await db.runs.update(run.id, in: Tenants.a, RunUpdate(usage: usage))
            let t2 = t1.addingTimeInterval(10)
            let done = try #require(try await db.runs.update(
                run.id, in: Tenants.a, RunUpdate(status: .completed, stopReason: "end_turn", output: #"{"text":"ok"}"#, usage: usage), now: t2))
            #expect(done.status == .completed)
            #expect(done.stopReason == "end_turn")
            #expect(done.endedAt == Timestamp.truncated(t2))
            #expect(done.usage == TokenUsage(inputTokens: 20, outputTokens: 10, cachedTokens: 4))
            try expectSameJSON(done.output, #"{"text":"ok"}"#)
            let refused = await expectStoreError(.invalidState) {
                try await db.runs.update(run.id, in: Tenants.a, RunUpdate(status: .running))
            }
            #expect(refused?.message.contains("completed") == true)
            #expect(try await db.runs.update(run.id, in: Tenants.b, RunUpdate(status: .failed)) == nil)
            await expectStoreError(.invalidInput) { try await db.runs.update(run.id, in: Tenants.a, RunUpdate(output: "{oops")) }
        }
    }

    @Test(arguments: Backend.all)
    func cancellingAPendingRunEndsItAtOnceAndARunningOneIsFlagged(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let pending = try await db.makeRun(Tenants.a)
            let outcome = try #require(try await db.runs.requestCancel(pending.id, in: Tenants.a))
            #expect(outcome.cancelledNow)
            #expect(outcome.run.status == .cancelled)
            #expect(outcome.run.stopReason == "cancelled")
            #expect(outcome.run.endedAt != nil)

            let running = try await db.makeRun(Tenants.a, session: "s_2")
            _ = try await db.runs.update(running.id, in: Tenants.a, RunUpdate(status: .running))
            let flagged = try #require(try await db.runs.requestCancel(running.id, in: Tenants.a))
            #expect(!flagged.cancelledNow)
            #expect(flagged.run.status == .running)
            #expect(flagged.run.cancelRequested)

            await expectStoreError(.invalidState) { try await db.runs.requestCancel(pending.id, in: Tenants.a) }
            #expect(try await db.runs.requestCancel(running.id, in: Tenants.b) == nil)
        }
    }

    @Test(arguments: Backend.all)
    func childRunsNeedAParentInTheSameScope(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let parent = try await db.makeRun(Tenants.a)
            let child = try await db.runs.create(NewRun(sessionKey: "s_child", input: "sub", parentRunID: parent.id), in: Tenants.a).run
            #expect(try await db.runs.children(of: parent.id, in: Tenants.a).map(\.id) == [child.id])
            #expect(try await db.runs.children(of: parent.id, in: Tenants.b).isEmpty)
            await expectStoreError(.notFound) {
                try await db.runs.create(NewRun(sessionKey: "s", input: "x", parentRunID: parent.id), in: Tenants.b)
            }
        }
    }
}
