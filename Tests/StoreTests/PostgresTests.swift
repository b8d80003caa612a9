import Foundation
import Testing
@testable import Store

/// What only PostgreSQL has: a pool that survives killed backends,
/// LISTEN/NOTIFY across connections, and row-level security as a second wall.
@Suite struct PostgresTests {
    static func backendPID(_ db: Database) async throws -> Int64 {
        try await db.transaction(.tenant(Tenants.a), .read) { c in try c.queryFirst("SELECT pg_backend_pid() AS pid")!.int64("pid") }
    }

    @Test(arguments: Backend.postgresOnly)
    func aPooledConnectionKilledByTheServerIsReplacedAndTheNextQuerySucceeds(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            var configuration = location.configuration
            configuration.poolSize = 1
            let db = try await Database.open(configuration)
            let run = try await db.makeRun(Tenants.a)
            let pid = try await Self.backendPID(db)
            let killed = try await PostgresAdmin.query("SELECT pg_terminate_backend($1, 5000) AS done", [.integer(pid)], url: location.url!)
            #expect(killed.first?["done"].bool == true)
            #expect(try await db.runs.get(run.id, in: Tenants.a)?.id == run.id)
            let newPID = try await Self.backendPID(db)
            #expect(newPID != pid)

            // Killing every backend of the database at once: each is replaced on next use.
            _ = try await PostgresAdmin.query(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
                url: location.url!)
            _ = try await db.events.append([NewEvent(type: "after.kill")], to: run.id, in: Tenants.a)
            #expect(try await db.events.count(run.id, in: Tenants.a) == 1)
            await db.close()
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func thePoolNeverOpensMoreConnectionsThanItsSize(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            var configuration = location.configuration
            configuration.poolSize = 2
            let db = try await Database.open(configuration)
            let pids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        try await db.transaction(.tenant(Tenants.a), .read) { c in
                            try c.queryFirst("SELECT pg_backend_pid() AS pid, pg_sleep(0.02) AS slept")!.int64("pid")
                        }
                    }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            #expect(pids.count <= 2)
            await db.close()
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func manyDistinctStatementsOnOneConnectionOutgrowThePreparedStatementCache(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            var configuration = location.configuration
            configuration.poolSize = 1
            let db = try await Database.open(configuration)
            let sum = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try (0..<600).reduce(Int64(0)) { total, i in
                    total + (try c.queryFirst("SELECT $1::bigint + \(i) AS v", [.integer(1)])?.int64("v") ?? 0)
                }
            }
            #expect(sum == 600 + (0..<600).reduce(0, +))
            #expect(try await db.makeRun(Tenants.a).status == .pending)
            await db.close()
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func notificationsFromAnotherConnectionReachTheListener(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let db = try await Database.open(location.configuration)
            let other = try await Database.open(location.configuration)
            let listener = try await db.listen(channels: ["oi_events", "oi_test"])
            try await other.notify(channel: "oi_test", payload: "hello 🧪")
            let note = try await listener.next("the test notification") { $0.channel == "oi_test" }
            #expect(note.payload == "hello 🧪")

            // Appending events notifies "<run_id>:<last_seq>" on commit; a step commit too.
            let run = try await other.makeRun(Tenants.a)
            _ = try await other.events.append([NewEvent(type: "a"), NewEvent(type: "b")], to: run.id, in: Tenants.a)
            let appended = try await listener.next("the append notification") { $0.channel == EventRepository.notifyChannel }
            #expect(appended.payload == "\(run.id):2")
            _ = try await other.events.commitStep(StepCommit(events: [NewEvent(type: "c")]), to: run.id, in: Tenants.a)
            let stepped = try await listener.next("the step notification") { $0.channel == EventRepository.notifyChannel }
            #expect(stepped.payload == "\(run.id):3")

            // A rolled-back append notifies nobody.
            _ = try await other.checkpoints.save(NewCheckpoint(step: 1, state: "{}"), for: run.id, in: Tenants.a)
            await expectStoreError(.conflict) {
                try await other.events.commitStep(StepCommit(events: [NewEvent(type: "d")], checkpoint: NewCheckpoint(step: 1, state: "{}")),
                                                  to: run.id, in: Tenants.a)
            }
            try await other.notify(channel: "oi_test", payload: "marker")
            let next = try await listener.next("the marker") { _ in true }
            #expect(next.payload == "marker")
            listener.stop()
            await db.close()
            await other.close()
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func theListenerReconnectsAndListensAgainAfterItsBackendIsKilled(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let db = try await Database.open(location.configuration)
            let listener = try await db.listen(channels: ["oi_test"])
            _ = try await PostgresAdmin.query(
                """
                SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
                WHERE datname = current_database() AND query LIKE 'LISTEN%'
                """, url: location.url!)
            // The gap marker tells consumers to re-read from the table.
            let marker = try await listener.next("the reconnect marker") { $0.afterReconnect }
            #expect(marker.channel == "oi_test" && marker.payload.isEmpty)
            #expect(listener.reconnectCount >= 1)
            try await db.notify(channel: "oi_test", payload: "after")
            _ = try await listener.next("a notification after the reconnect") { $0.payload == "after" }
            listener.stop()
            await db.close()
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func rowLevelSecurityHidesOtherTenantsEvenWithoutAWhereClause(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            // The test connects as a superuser, as CI does; RLS must hold anyway.
            let superuser = try await PostgresAdmin.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", url: Backend.postgresURL!)
            #expect(superuser.first?["rolsuper"].bool == true)
            let mine = try await db.makeRun(Tenants.a)
            for other in Tenants.others {
                let theirs = try await db.makeRun(other)
                _ = try await db.events.append([NewEvent(type: "secret")], to: theirs.id, in: other)
                _ = try await db.checkpoints.save(NewCheckpoint(step: 1, state: "{}"), for: theirs.id, in: other)
            }
            let seen = try await db.transaction(.tenant(Tenants.a), .read) { c in
                (
                    user: try c.queryFirst("SELECT current_user AS u")!.string("u"),
                    runs: try c.query("SELECT * FROM runs").map { try $0.string("id") },
                    events: try c.query("SELECT * FROM events").count,
                    checkpoints: try c.query("SELECT * FROM checkpoints").count
                )
            }
            #expect(seen.user == "oi_runtime")
            #expect(seen.runs == [mine.id])
            #expect(seen.events == 0)
            #expect(seen.checkpoints == 0)

            // Writing a row for another tenant inside a tenant transaction is refused too.
            do {
                _ = try await db.transaction(.tenant(Tenants.a), .write) { c in
                    try c.execute(
                        "INSERT INTO runs (org_id, id, user_id, session_key, input, created_at, updated_at) VALUES ('org_b', 'run_x', 'user_1', 's', 'i', now(), now())")
                }
                Issue.record("an insert for another tenant passed row-level security")
            } catch let error as StoreError {
                #expect(error.backendCode == "42501", "\(error)")
            }

            // The system API sees every tenant, explicitly.
            let all = try await db.transaction(.system, .read) { c in try c.query("SELECT id FROM runs").count }
            #expect(all == 4)
        }
    }
}
