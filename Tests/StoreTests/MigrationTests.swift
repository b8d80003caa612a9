import Foundation
import Testing
@testable import Store

@Suite struct MigrationTests {
    static func shipped(_ backend: Backend) -> [Migration] { Migrations.for(backend == .sqlite ? .sqlite : .postgres) }

    static func applied(_ db: Database) async throws -> [(Int, String, String)] {
        try await db.transaction(.system, .read) { c in
            try c.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version", []).map {
                (try $0.int("version"), try $0.string("name"), try $0.string("checksum"))
            }
        }.map { ($0.0, $0.1, $0.2) }
    }

    @Test(arguments: Backend.all)
    func aFreshDatabaseGetsEveryMigrationRecordedWithItsChecksum(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let rows = try await Self.applied(db)
            let shipped = Self.shipped(backend)
            #expect(rows.map(\.0) == shipped.map(\.version))
            #expect(rows.map(\.1) == shipped.map(\.name))
            #expect(rows.map(\.2) == shipped.map(\.checksum))
            #expect(rows.allSatisfy { $0.2.count == 64 })
            #expect(try await db.schemaVersion() == shipped.last?.version)
        }
    }

    @Test(arguments: Backend.all)
    func reopeningAppliesNothingAndKeepsTheData(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let first = try await Database.open(location.configuration)
            let run = try await first.makeRun(Tenants.a)
            let before = try await first.transaction(.system, .read) { c in
                try c.query("SELECT version, applied_at FROM schema_migrations ORDER BY version", []).map { "\($0.values)" }
            }
            await first.close()
            let second = try await Database.open(location.configuration)
            let after = try await second.transaction(.system, .read) { c in
                try c.query("SELECT version, applied_at FROM schema_migrations ORDER BY version", []).map { "\($0.values)" }
            }
            #expect(after == before)
            #expect(try await second.runs.get(run.id, in: Tenants.a) != nil)
            await second.close()
        }
    }

    @Test(arguments: Backend.all)
    func concurrentStartsBothSucceedWithOneSetOfMigrations(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let databases = try await withThrowingTaskGroup(of: Database.self) { group in
                for _ in 0..<3 { group.addTask { try await Database.open(location.configuration) } }
                return try await group.reduce(into: [Database]()) { $0.append($1) }
            }
            #expect(databases.count == 3)
            let rows = try await Self.applied(databases[0])
            #expect(rows.map(\.0) == Self.shipped(backend).map(\.version))
            // All three work on the same schema.
            for db in databases { _ = try await db.makeRun(Tenants.a) }
            #expect(try await databases[1].runs.list(in: Tenants.a).runs.count == 3)
            for db in databases { await db.close() }
        }
    }

    @Test(arguments: Backend.all)
    func anEditedShippedMigrationIsRefused(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            await (try await Database.open(location.configuration)).close()
            var edited = Self.shipped(backend)
            edited[0] = Migration(version: edited[0].version, name: edited[0].name, sql: edited[0].sql + "\n-- a quiet edit")
            let error = await expectStoreError(.migration) { try await Database.open(location.configuration(migrations: edited)) }
            #expect(error?.message.contains("migration 1 (core) was changed after it was applied") == true)
        }
    }

    @Test(arguments: Backend.all)
    func aDatabaseNewerThanTheBinaryIsRefused(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            let newer = Self.shipped(backend) + [Migration(version: 99, name: "future", sql: "CREATE TABLE future_things (x INTEGER)")]
            await (try await Database.open(location.configuration(migrations: newer))).close()
            let latest = Self.shipped(backend).last!.version
            let error = await expectStoreError(.migration) { try await Database.open(location.configuration) }
            #expect(error?.message == "database schema version 99 is newer than this binary (\(latest)); upgrade oi-host")
        }
    }

    @Test(arguments: Backend.all)
    func aNewMigrationIsAppliedOnceAndAFailingOneLeavesNoTrace(_ backend: Backend) async throws {
        try await withLocation(backend) { location in
            await (try await Database.open(location.configuration)).close()
            let next = Self.shipped(backend).last!.version + 1
            let broken = Self.shipped(backend) + [Migration(version: next, name: "broken",
                                                            sql: "CREATE TABLE half_done (x INTEGER); CREATE TABLE half_done (x INTEGER);")]
            let error = await expectStoreError(.migration) { try await Database.open(location.configuration(migrations: broken)) }
            #expect(error?.message.contains("migration \(next) (broken) failed") == true)
            let fixed = Self.shipped(backend) + [Migration(version: next, name: "half_done", sql: "CREATE TABLE half_done (x INTEGER)")]
            let db = try await Database.open(location.configuration(migrations: fixed))
            #expect(try await Self.applied(db).map(\.0).last == next)
            await db.close()
        }
    }

    @Test func migrationListsMustHaveUniquePositiveVersions() {
        #expect(throws: StoreError.self) { try Migrator([Migration(version: 1, name: "a", sql: ""), Migration(version: 1, name: "b", sql: "")]) }
        #expect(throws: StoreError.self) { try Migrator([Migration(version: 0, name: "a", sql: "")]) }
    }
}

@Suite struct OpeningTests {
    @Test func sqliteCreatesItsDataDirectoryOnFirstStart() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("oi-first-start-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let configuration = try StoreConfiguration.resolve(databaseURL: nil, dataDirectory: root.appendingPathComponent("data").path)
        let db = try await Database.open(configuration)
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("data/openintern.sqlite").path))
        let mode = try await db.transaction(.system, .read) { c in try c.queryFirst("PRAGMA journal_mode")?[0].string }
        #expect(mode == "wal")
        let sync = try await db.transaction(.system) { c in try c.queryFirst("PRAGMA synchronous")?[0].int64 }
        #expect(sync == 2, "synchronous=FULL")
        let fts = try await db.transaction(.system, .read) { c in try c.queryFirst("SELECT sqlite_compileoption_used('ENABLE_FTS5') AS on_")?["on_"].int64 }
        #expect(fts == 1)
        await db.close()
    }

    /// Another process in the middle of a write (or frozen there) does not
    /// keep an up-to-date SQLite file from opening and being read.
    @Test func anUpToDateSQLiteFileOpensWhileAnotherConnectionHoldsTheWriteLock() async throws {
        try await withLocation(.sqlite) { location in
            guard case .sqlite(let path) = location.configuration.backend else { return }
            let first = try await Database.open(location.configuration)
            let run = try await first.runs.create(NewRun(sessionKey: "s", input: "hi"), in: Tenants.a).run
            await first.close()
            let writer = try SQLiteHandle(path: path, readOnly: false, busyTimeout: .seconds(5))
            try writer.execute("BEGIN IMMEDIATE", [])
            defer { _ = try? writer.execute("ROLLBACK", []) }
            var configuration = location.configuration
            configuration.busyTimeout = .milliseconds(300)
            let second = try await Database.open(configuration)
            #expect(try await second.runs.get(run.id, in: Tenants.a)?.input == "hi")
            await second.close()
        }
    }

    @Test func anUnreachablePostgresIsUnavailableNotAHang() async throws {
        let error = await expectStoreError(.unavailable) {
            try await Database.open(.postgres(url: "postgres://nobody@127.0.0.1:1/none?connect_timeout=2"))
        }
        #expect(error?.message.contains("cannot connect to PostgreSQL") == true)
    }
}
