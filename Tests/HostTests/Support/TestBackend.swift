import Foundation
import TestSupport
@testable import Store

/// The storage backends the host tests run on (`TestSupport.Backend`):
/// SQLite always; PostgreSQL when `TEST_DATABASE_URL` is set, and always
/// under `CI=true`, where a missing server fails the PostgreSQL cases.
typealias TestBackend = TestSupport.Backend

/// A fresh place for one test's data (`TestDatabase`: a temporary data
/// directory, plus on PostgreSQL a new database, dropped by `cleanup`).
/// `environment` is what a host process needs to use it.
struct TestStorage: Sendable {
    let database: TestDatabase

    var backend: TestBackend { database.backend }
    var dataDir: String { database.dataDirectory }
    var databaseURL: String? { database.databaseURL }
    var name: String? { database.name }
    var environment: [String: String] { database.environment }

    static func make(_ backend: TestBackend) async throws -> TestStorage {
        TestStorage(database: try await TestDatabase.make(backend, prefix: "h"))
    }

    func cleanup() async { await database.drop() }

    /// Runs SQL as the superuser in this test's database (PostgreSQL only).
    func superuser(_ sql: String) async throws {
        guard let databaseURL else { throw StoreError(.unsupported, "not a PostgreSQL test") }
        try await PostgresAdmin.execute(sql, url: databaseURL)
    }

    /// Opens the test's database directly (to inspect rows as a test).
    func open() async throws -> Database {
        try await database.open()
    }
}
