import Foundation
import Testing
@testable import Memory
@testable import Store

/// The backends the memory tests run on: SQLite always; PostgreSQL when
/// `TEST_DATABASE_URL` is set, and always under `CI=true`, where a missing
/// server fails the PostgreSQL cases instead of skipping them.
enum MemoryBackend: String, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
    static var all: [MemoryBackend] { postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite] }
    static var postgresOnly: [MemoryBackend] { postgresURL != nil || isCI ? [.postgres] : [] }
}

/// A fresh database for one test: a temporary SQLite file or a new
/// PostgreSQL database, removed afterwards.
func withMemoryDatabase<T: Sendable>(_ backend: MemoryBackend, _ body: (Database) async throws -> T) async throws -> T {
    let configuration: StoreConfiguration
    var cleanup: @Sendable () async -> Void = {}
    switch backend {
    case .sqlite:
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oi-memory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        configuration = .sqlite(path: dir.appendingPathComponent("openintern.sqlite").path)
        cleanup = { try? FileManager.default.removeItem(at: dir) }
    case .postgres:
        guard let admin = MemoryBackend.postgresURL else {
            throw StoreError(.unavailable, "TEST_DATABASE_URL is not set; with CI=true the PostgreSQL tests must run (scripts/test-postgres start)")
        }
        let name = "m_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await adminExecute("CREATE DATABASE \(name)", url: admin)
        guard var components = URLComponents(string: admin) else { throw StoreError(.invalidInput, "bad TEST_DATABASE_URL") }
        components.path = "/" + name
        configuration = .postgres(url: components.string ?? admin)
        cleanup = { try? await adminExecute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", url: admin) }
    }
    let database: Database
    do { database = try await Database.open(configuration) } catch {
        await cleanup()
        throw error
    }
    do {
        let result = try await body(database)
        await database.close()
        await cleanup()
        return result
    } catch {
        await database.close()
        await cleanup()
        throw error
    }
}

func adminExecute(_ sql: String, url: String) async throws {
    let connection = PostgresConnection(url: url, name: "oi.memorytest.admin")
    do {
        try await connection.withHandle { try $0.executeScript(sql) }
    } catch {
        await connection.close()
        throw error
    }
    await connection.close()
}

/// Tenants the tests use.
enum Tenants {
    static let a = try! Scope(orgID: "org_a", userID: "user_a", projectID: "proj")
    static let aOtherUser = try! Scope(orgID: "org_a", userID: "user_b", projectID: "proj")
    static let aOtherProject = try! Scope(orgID: "org_a", userID: "user_a", projectID: "other")
    static let b = try! Scope(orgID: "org_b", userID: "user_a", projectID: "proj")
}

/// Counts rows of a table on any backend (as the system, across tenants).
func rowCount(_ db: Database, _ table: String) async throws -> Int {
    try await db.transaction(.system, .read) { c in try c.queryFirst("SELECT count(*) AS n FROM \(raw: table)")?["n"].int64.map(Int.init) ?? -1 }
}
