import Foundation
@testable import Store

/// Database-level chores on the test server (CREATE/DROP DATABASE, killing
/// backends, reading catalogs), each on a short-lived connection of the
/// Store's own driver.
public enum PostgresAdmin {
    public static func execute(_ sql: String, url: String) async throws {
        let connection = PostgresConnection(url: url, name: "oi.test.admin")
        do {
            try await connection.withHandle { try $0.executeScript(sql) }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    public static func query(_ sql: String, _ parameters: [SQLValue] = [], url: String) async throws -> [Row] {
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
    public static func url(_ url: String, database: String) throws -> String {
        guard var components = URLComponents(string: url) else {
            throw StoreError(.invalidInput, "TEST_DATABASE_URL is not a URL: \(url)")
        }
        components.path = "/" + database
        guard let result = components.string else { throw StoreError(.invalidInput, "cannot build a URL for \(database)") }
        return result
    }
}
