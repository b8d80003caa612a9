import Foundation
import Testing
@testable import Store

/// The storage backends the host tests run on: SQLite always; PostgreSQL when
/// `TEST_DATABASE_URL` is set, and always under `CI=true`, where a missing
/// server fails the PostgreSQL cases instead of skipping them.
enum TestBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static var all: [TestBackend] { postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite] }
    static var postgresOnly: [TestBackend] { postgresURL != nil || isCI ? [.postgres] : [] }
}

/// A fresh place for one test's data: a temporary data directory, plus on
/// PostgreSQL a new database (dropped by `cleanup`). `environment` is what a
/// host process needs to use it.
struct TestStorage: Sendable {
    let backend: TestBackend
    let dataDir: String
    let databaseURL: String?
    let name: String?

    var environment: [String: String] {
        var env = ["DATA_DIR": dataDir]
        if let databaseURL { env["DATABASE_URL"] = databaseURL }
        return env
    }

    static func make(_ backend: TestBackend) async throws -> TestStorage {
        let dir = NSTemporaryDirectory() + "oi-host-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard backend == .postgres else { return TestStorage(backend: backend, dataDir: dir, databaseURL: nil, name: nil) }
        guard let admin = TestBackend.postgresURL else {
            throw StoreError(.unavailable, "TEST_DATABASE_URL is not set; with CI=true the PostgreSQL tests must run (scripts/test-postgres start)")
        }
        let name = "h_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await Self.admin(admin, "CREATE DATABASE \(name)")
        guard var components = URLComponents(string: admin) else { throw StoreError(.invalidInput, "bad TEST_DATABASE_URL") }
        components.path = "/" + name
        return TestStorage(backend: backend, dataDir: dir, databaseURL: components.string, name: name)
    }

    func cleanup() async {
        try? FileManager.default.removeItem(atPath: dataDir)
        if let name, let admin = TestBackend.postgresURL {
            try? await Self.admin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Runs SQL as the superuser in this test's database (PostgreSQL only).
    func superuser(_ sql: String) async throws {
        guard let databaseURL else { throw StoreError(.unsupported, "not a PostgreSQL test") }
        try await Self.admin(databaseURL, sql)
    }

    static func admin(_ url: String, _ sql: String) async throws {
        let connection = PostgresConnection(url: url, name: "oi.hosttest.admin")
        defer { Task { await connection.close() } }
        try await connection.withHandle { try $0.executeScript(sql) }
    }

    /// Opens the test's database directly (to inspect rows as a test).
    func open() async throws -> Database {
        try await Database.open(try StoreConfiguration.resolve(databaseURL: databaseURL, dataDirectory: dataDir))
    }
}
