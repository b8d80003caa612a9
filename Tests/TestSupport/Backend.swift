import Foundation
import Testing

/// The storage backends a test runs on: SQLite always; PostgreSQL when
/// `TEST_DATABASE_URL` is set, and always under `CI=true`, where a missing or
/// unreachable server fails the PostgreSQL cases instead of skipping them.
/// Pass `Backend.all` to `@Test(arguments:)`.
public enum Backend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }

    /// The test server's URL (a superuser on a maintenance database), if set.
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    public static var all: [Backend] { postgresURL != nil || isCI ? [.sqlite, .postgres] : [.sqlite] }
    public static var postgresOnly: [Backend] { postgresURL != nil || isCI ? [.postgres] : [] }
}
