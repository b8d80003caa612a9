import Foundation
import TestSupport
@testable import Store

/// The backends every conformance test runs on (`TestSupport.Backend`):
/// SQLite always; PostgreSQL when `TEST_DATABASE_URL` is set or `CI=true`.
typealias Backend = TestSupport.Backend

/// A fresh, empty database per test: a temporary SQLite file, or a new
/// PostgreSQL database created from the test server and dropped afterwards.
struct TestLocation: Sendable {
    let backend: Backend
    let configuration: StoreConfiguration
    let cleanup: @Sendable () async -> Void

    static func make(_ backend: Backend) async throws -> TestLocation {
        // The gate caps how many PostgreSQL databases this suite holds at once.
        if backend == .postgres { await PostgresAdmin.gate.acquire() }
        do {
            let database = try await TestDatabase.make(backend)
            let configuration: StoreConfiguration
            do { configuration = try database.storeConfiguration } catch {
                await database.drop()
                throw error
            }
            return TestLocation(backend: backend, configuration: configuration) {
                await database.drop()
                if backend == .postgres { await PostgresAdmin.gate.release() }
            }
        } catch {
            if backend == .postgres { await PostgresAdmin.gate.release() }
            throw error
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
