import Foundation
import Testing
@testable import Store

/// The backends every conformance test runs on. SQLite always; PostgreSQL
/// when `TEST_DATABASE_URL` is set, and always under `CI=true` — where a
/// missing or unreachable server fails the PostgreSQL cases instead of
/// silently skipping them.
enum Backend: String, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var postgresURL: String? { environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var isCI: Bool { environment["CI"] == "true" }

    static var all: [Backend] { postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite] }
    static var postgresOnly: [Backend] { postgresURL != nil || isCI ? [.postgres] : [] }
}

/// A fresh, empty database per test: a temporary SQLite file, or a new
/// PostgreSQL database created from the test server and dropped afterwards.
struct TestLocation: Sendable {
    let backend: Backend
    let configuration: StoreConfiguration
    let cleanup: @Sendable () async -> Void

    static func make(_ backend: Backend) async throws -> TestLocation {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("oi-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("openintern.sqlite").path
            return TestLocation(backend: backend, configuration: .sqlite(path: path)) {
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            guard let admin = Backend.postgresURL else {
                throw StoreError(.unavailable, "TEST_DATABASE_URL is not set; with CI=true the PostgreSQL tests must run (start one with scripts/test-postgres start)")
            }
            await PostgresAdmin.gate.acquire()
            let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            do {
                try await PostgresAdmin.execute("CREATE DATABASE \(name)", url: admin)
            } catch {
                await PostgresAdmin.gate.release()
                throw error
            }
            let url = try PostgresAdmin.url(admin, database: name)
            return TestLocation(backend: backend, configuration: .postgres(url: url)) {
                try? await PostgresAdmin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", url: admin)
                await PostgresAdmin.gate.release()
            }
        }
    }

    func configuration(migrations: [Migration]? = nil) -> StoreConfiguration {
        var configuration = self.configuration
        configuration.migrations = migrations
        return configuration
    }

    var url: String? {
        if case .postgres(let url) = configuration.backend { url } else { nil }
    }
}

/// Runs `body` against a freshly opened database on `backend`, then closes and removes it.
func withDatabase<T: Sendable>(_ backend: Backend, _ body: (Database) async throws -> T) async throws -> T {
    try await withLocation(backend) { location in
        let database = try await Database.open(location.configuration)
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

/// Runs `body` with a fresh, unopened location (for tests that open it themselves).
func withLocation<T: Sendable>(_ backend: Backend, _ body: (TestLocation) async throws -> T) async throws -> T {
    let location = try await TestLocation.make(backend)
    do {
        let result = try await body(location)
        await location.cleanup()
        return result
    } catch {
        await location.cleanup()
        throw error
    }
}
