import Foundation
@testable import Store

/// Database-level chores on the test server (CREATE/DROP DATABASE, killing
/// backends), on a short-lived connection of the Store's own driver.
enum PostgresAdmin {
    /// Caps how many PostgreSQL tests hold a database at once, so a parallel
    /// test run stays well under the server's connection limit.
    static let gate = AsyncGate(permits: 6)

    static func execute(_ sql: String, url: String) async throws {
        let connection = PostgresConnection(url: url, name: "oi.test.admin")
        do {
            try await connection.withHandle { try $0.executeScript(sql) }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    static func query(_ sql: String, _ parameters: [SQLValue] = [], url: String) async throws -> [Row] {
        let connection = PostgresConnection(url: url, name: "oi.test.admin")
        do {
            let rows = try await connection.withHandle { try $0.query(sql, parameters) }
            await connection.close()
            return rows
        } catch {
            await connection.close()
            throw error
        }
    }

    /// `url` with its database name replaced.
    static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else {
            throw StoreError(.invalidInput, "TEST_DATABASE_URL is not a URL: \(url)")
        }
        components.path = "/" + database
        guard let result = components.string else { throw StoreError(.invalidInput, "cannot build a URL for \(database)") }
        return result
    }
}

/// A counting semaphore for async code.
actor AsyncGate {
    private var permits: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { self.permits = permits }

    func acquire() async {
        if permits > 0 {
            permits -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            permits += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
