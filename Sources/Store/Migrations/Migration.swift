import Foundation

/// One numbered, append-only schema change for one dialect. Once shipped, a
/// migration's SQL is never edited: its SHA-256 is recorded when it is applied
/// and a mismatch refuses to start (add a new migration instead).
public struct Migration: Sendable, Hashable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the SQL text, hex.
    public var checksum: String { SHA256.hex(sql) }
}

/// The migrations this binary ships, per dialect. Tests inject other lists.
public enum Migrations {
    public static let sqlite: [Migration] = [
        Migration(version: 1, name: "core", sql: SQLiteSchema.v1Core),
        Migration(version: 2, name: "memory", sql: SQLiteSchema.v2Memory),
        Migration(version: 3, name: "shared_resources", sql: SQLiteSchema.v3Shared),
        Migration(version: 4, name: "memory_retrieval", sql: SQLiteSchema.v4MemoryRetrieval),
        Migration(version: 5, name: "shared_memories", sql: SQLiteSchema.v5SharedMemories),
        Migration(version: 6, name: "tool_call_count", sql: SQLiteSchema.v6ToolCallCount),
        Migration(version: 7, name: "loop_steering", sql: SQLiteSchema.v7LoopSteering),
        Migration(version: 8, name: "api_tokens", sql: SQLiteSchema.v8APITokens),
        Migration(version: 9, name: "usage_cost", sql: SQLiteSchema.v9Usage),
        Migration(version: 10, name: "client_sessions", sql: SQLiteSchema.v10ClientSessions),
        Migration(version: 11, name: "uploads", sql: SQLiteSchema.v11Uploads),
        Migration(version: 12, name: "jobs", sql: SQLiteSchema.v12Jobs),
        Migration(version: 13, name: "waiting_children", sql: SQLiteSchema.v13WaitingChildren),
    ]

    public static let postgres: [Migration] = [
        Migration(version: 1, name: "core", sql: PostgresSchema.v1Core),
        Migration(version: 2, name: "memory", sql: PostgresSchema.v2Memory),
        Migration(version: 3, name: "shared_resources", sql: PostgresSchema.v3Shared),
        Migration(version: 4, name: "row_level_security", sql: PostgresSchema.v4RowLevelSecurity),
        Migration(version: 5, name: "memory_retrieval", sql: PostgresSchema.v5MemoryRetrieval),
        Migration(version: 6, name: "shared_memories", sql: PostgresSchema.v6SharedMemories),
        Migration(version: 7, name: "json_text", sql: PostgresSchema.v7JSONText),
        Migration(version: 8, name: "tool_call_count", sql: PostgresSchema.v8ToolCallCount),
        Migration(version: 9, name: "loop_steering", sql: PostgresSchema.v9LoopSteering),
        Migration(version: 10, name: "api_tokens", sql: PostgresSchema.v10APITokens),
        Migration(version: 11, name: "usage_cost", sql: PostgresSchema.v11Usage),
        Migration(version: 12, name: "client_sessions", sql: PostgresSchema.v12ClientSessions),
        Migration(version: 13, name: "uploads", sql: PostgresSchema.v13Uploads),
        Migration(version: 14, name: "jobs", sql: PostgresSchema.v14Jobs),
        Migration(version: 15, name: "waiting_children", sql: PostgresSchema.v15WaitingChildren),
    ]

    public static func `for`(_ dialect: SQLDialect) -> [Migration] {
        switch dialect {
        case .sqlite: sqlite
        case .postgres: postgres
        }
    }
}

/// A row of `schema_migrations`.
struct AppliedMigration: Sendable, Hashable, RowDecodable {
    let version: Int
    let name: String
    let checksum: String

    init(row: Row) throws {
        version = try row.int("version")
        name = try row.string("name")
        checksum = try row.string("checksum")
    }
}

/// Decides what to apply, and refuses databases this binary must not touch.
/// The locking and the applying are the drivers' (advisory lock on
/// PostgreSQL, `BEGIN IMMEDIATE` on SQLite); the rules are here, once.
struct Migrator {
    let migrations: [Migration]

    init(_ migrations: [Migration]) throws {
        self.migrations = migrations.sorted { $0.version < $1.version }
        let versions = self.migrations.map(\.version)
        guard Set(versions).count == versions.count, versions.allSatisfy({ $0 > 0 }) else {
            throw StoreError(.migration, "migration versions must be positive and unique: \(versions)")
        }
    }

    static func createTableSQL(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                checksum TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """
        case .postgres:
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL
            )
            """
        }
    }

    /// The migrations `schema_migrations` records, by version.
    static func applied(_ c: any SQLConnection) throws -> [AppliedMigration] {
        try c.query("SELECT version, name, checksum FROM schema_migrations ORDER BY version", as: AppliedMigration.self)
    }

    /// The migrations still to apply, in order; throws `.migration` for a
    /// database newer than this binary or a shipped migration that was edited.
    func pending(applied: [AppliedMigration]) throws -> [Migration] {
        let known = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        let latestKnown = migrations.last?.version ?? 0
        if let newest = applied.map(\.version).max(), newest > latestKnown {
            throw StoreError(.migration, "database schema version \(newest) is newer than this binary (\(latestKnown)); upgrade oi-host")
        }
        for row in applied {
            guard let migration = known[row.version] else {
                throw StoreError(.migration, "database has migration \(row.version) (\(row.name)) that this binary does not know; upgrade oi-host")
            }
            guard migration.checksum == row.checksum else {
                throw StoreError(.migration, "migration \(row.version) (\(row.name)) was changed after it was applied: checksum in the database \(row.checksum), in this binary \(migration.checksum); shipped migrations must never be edited, add a new one")
            }
        }
        let done = Set(applied.map(\.version))
        return migrations.filter { !done.contains($0.version) }
    }

    /// Records `migration` as applied at `date`.
    static func insertApplied(_ migration: Migration, at date: Date) -> SQL {
        """
        INSERT INTO schema_migrations (version, name, checksum, applied_at)
        VALUES (\(.int(migration.version)), \(.text(migration.name)), \(.text(migration.checksum)), \(.date(date)))
        """
    }
}
