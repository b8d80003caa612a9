import Foundation
@testable import Store

/// A fresh place for one test's data: a temporary data directory (the
/// SQLite file, workspaces), plus on PostgreSQL a new database on the test
/// server. `drop()` removes both; `withTestDatabase` does it for you.
public struct TestDatabase: Sendable {
    public let backend: Backend
    public let dataDirectory: String
    /// The new database's URL (PostgreSQL only).
    public let databaseURL: String?
    /// The new database's name (PostgreSQL only).
    public let name: String?

    /// `prefix` starts the PostgreSQL database's name (lowercase letters), so a
    /// leftover on the test server shows which suite made it.
    public static func make(_ backend: Backend, prefix: String = "t") async throws -> TestDatabase {
        let dir = NSTemporaryDirectory() + "oi-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard backend == .postgres else { return TestDatabase(backend: backend, dataDirectory: dir, databaseURL: nil, name: nil) }
        do {
            guard let admin = Backend.postgresURL else {
                throw StoreError(.unavailable, "TEST_DATABASE_URL is not set; with CI=true the PostgreSQL tests must run (start one with scripts/test-postgres start)")
            }
            let name = prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await PostgresAdmin.execute("CREATE DATABASE \(name)", url: admin)
            return TestDatabase(backend: backend, dataDirectory: dir, databaseURL: try PostgresAdmin.url(admin, database: name), name: name)
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
    }

    /// Removes the data directory and drops the database (closing whatever
    /// connections still use it).
    public func drop() async {
        try? FileManager.default.removeItem(atPath: dataDirectory)
        if let name, let admin = Backend.postgresURL {
            try? await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", url: admin)
        }
    }

    /// Where the Store opens it: the SQLite file in the data directory, or the new database.
    public var storeConfiguration: StoreConfiguration {
        get throws { try StoreConfiguration.resolve(databaseURL: databaseURL, dataDirectory: dataDirectory) }
    }

    /// The settings a host or engine needs to use it (`DATA_DIR`, `DATABASE_URL`).
    public var environment: [String: String] {
        var env = ["DATA_DIR": dataDirectory]
        if let databaseURL { env["DATABASE_URL"] = databaseURL }
        return env
    }

    /// Opens it with the Store directly (to inspect rows as a test).
    public func open() async throws -> Database {
        try await Database.open(try storeConfiguration)
    }
}

/// Runs `body` with a fresh database on `backend`, dropped afterwards whether `body` throws or not.
public func withTestDatabase<T: Sendable>(_ backend: Backend, prefix: String = "t", _ body: (TestDatabase) async throws -> T) async throws -> T {
    let database = try await TestDatabase.make(backend, prefix: prefix)
    do {
        let result = try await body(database)
        await database.drop()
        return result
    } catch {
        await database.drop()
        throw error
    }
}
