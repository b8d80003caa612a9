import Foundation
import Synchronization
import Testing
@testable import Store

#if canImport(Glibc)
import Glibc
#endif

final class Counter: Sendable {
    private let value = Mutex(0)
    @discardableResult func increment() -> Int { value.withLock { $0 += 1; return $0 } }
    var count: Int { value.withLock { $0 } }
}

/// Lock contention is retried by re-running the whole transaction body, a
/// bounded number of times; other errors are not retried.
@Suite struct RetryTests {
    @Test func sqliteBusyFromAnotherConnectionIsRetriedUntilTheLockIsFree() async throws {
        try await withLocation(.sqlite) { location in
            let holder = try await Database.open(location.configuration)
            var impatient = location.configuration
            impatient.busyTimeout = .milliseconds(30)
            impatient.retry = RetryPolicy(maxAttempts: 1)
            let giveUp = try await Database.open(impatient)
            impatient.retry = RetryPolicy(maxAttempts: 60, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50))
            let waiter = try await Database.open(impatient)
            let run = try await holder.makeRun(Tenants.a)

            let locked = Counter()
            let attempts = Counter()
            async let held: Void = holder.transaction(.tenant(Tenants.a)) { c in
                try c.execute("UPDATE runs SET attempts = attempts + 1 WHERE id = $1", [.text(run.id)])
                locked.increment()
                usleep(2_000_000) // hold the write lock far longer than the others' busy timeout, even on a loaded machine
            }
            while locked.count == 0 { try await Task.sleep(for: .milliseconds(2)) }
            await expectStoreError(.busy) {
                try await giveUp.transaction(.tenant(Tenants.a)) { c in try c.execute("UPDATE runs SET attempts = 0 WHERE id = $1", [.text(run.id)]) }
            }
            try await waiter.transaction(.tenant(Tenants.a)) { c in
                attempts.increment()
                try c.execute("UPDATE runs SET attempts = attempts + 10 WHERE id = $1", [.text(run.id)])
            }
            try await held
            #expect(attempts.count == 1, "SQLite refuses at BEGIN IMMEDIATE, before the body runs")
            #expect(try await holder.runs.get(run.id, in: Tenants.a)?.attempts == 11)
            for db in [holder, waiter, giveUp] { await db.close() }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func aPostgresDeadlockVictimIsRetriedAndBothTransactionsCommit(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let first = try await db.makeRun(Tenants.a)
            let second = try await db.makeRun(Tenants.a)
            let attempts = Counter()
            let arrived = Counter()
            func crossing(_ a: String, _ b: String) async throws {
                try await db.transaction(.tenant(Tenants.a)) { c in
                    attempts.increment()
                    try c.execute("UPDATE runs SET attempts = attempts + 1 WHERE id = $1", [.text(a)])
                    // Both hold their first row before either asks for the other's: a certain deadlock.
                    arrived.increment()
                    var waited = 0
                    while arrived.count < 2 && waited < 5000 { usleep(1000); waited += 1 }
                    try c.execute("UPDATE runs SET attempts = attempts + 1 WHERE id = $1", [.text(b)])
                }
            }
            async let one: Void = crossing(first.id, second.id)
            async let two: Void = crossing(second.id, first.id)
            try await one
            try await two
            #expect(attempts.count == 3, "one of the two was chosen as the deadlock victim and re-run once")
            #expect(try await db.runs.get(first.id, in: Tenants.a)?.attempts == 2)
            #expect(try await db.runs.get(second.id, in: Tenants.a)?.attempts == 2)
        }
    }

    @Test(arguments: Backend.all)
    func aFailingBodyIsNotRetriedAndLeavesNothingBehind(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let attempts = Counter()
            let run = try await db.makeRun(Tenants.a)
            await expectStoreError(.conflict) {
                try await db.transaction(.tenant(Tenants.a)) { c in
                    attempts.increment()
                    try c.execute("UPDATE runs SET input = 'changed' WHERE id = $1", [.text(run.id)])
                    let grant: SQL = """
                        INSERT INTO tool_grants (org_id, user_id, project_id, tool_name, created_at)
                        VALUES (\(.text(Tenants.a.orgID)), \(.text(Tenants.a.userID)), \(.text(Tenants.a.projectKey)), 't', \(.date(Date())))
                        """
                    try c.execute(grant)
                    try c.execute(grant)
                }
            }
            #expect(attempts.count == 1)
            #expect(try await db.runs.get(run.id, in: Tenants.a)?.input == "hello")
            #expect(try await db.toolGrants.list(in: Tenants.a).isEmpty)
        }
    }
}
