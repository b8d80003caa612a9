import Foundation

/// The PostgreSQL backend (≥ 15, with pgvector): a bounded connection pool,
/// tenant transactions under row-level security, migrations under an advisory
/// lock, and LISTEN/NOTIFY for fan-out across processes.
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    let url: String
    private let pool: PostgresPool
    private let retry: RetryPolicy
    /// A connection of its own for health probes: never waits behind the
    /// pool, never retried (a probe reports the database as it is now).
    private let probeConnection: PostgresConnection

    /// Any fixed number would do; it only has to be the same in every oi-host.
    static let migrationLockKey: Int64 = 0x6F69_6D69_6772_6174 // "oimigrat"

    private init(url: String, pool: PostgresPool, retry: RetryPolicy) {
        self.url = url
        self.pool = pool
        self.retry = retry
        self.probeConnection = PostgresConnection(url: url, name: "oi.pg.probe")
    }

    /// One round trip on the probe connection (reconnecting if needed), no
    /// retries: the number of pending runs, or the error the database gave.
    public func probe() async throws -> Int {
        try await probeConnection.ensureConnected()
        return try await probeConnection.transaction(.system, .read) { c in
            try c.queryFirst("SELECT COUNT(*) AS pending FROM runs WHERE status = 'pending'")?.int("pending") ?? 0
        }
    }

    /// Connects to `url` (libpq URL or key=value string, SSL settings included)
    /// and applies `migrations`.
    public static func open(
        url: String,
        poolSize: Int = 4,
        migrations: [Migration] = Migrations.postgres,
        retry: RetryPolicy = .default
    ) async throws -> PostgresDatabase {
        let migrator = try Migrator(migrations)
        let connection = PostgresConnection(url: url, name: "oi.pg.migrate")
        do {
            _ = try await connection.withHandle { handle in try Self.migrate(handle, migrator) }
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return PostgresDatabase(url: url, pool: PostgresPool(url: url, maxSize: poolSize), retry: retry)
    }

    /// Session advisory lock around the whole check-and-apply, so several
    /// processes starting at once apply each migration exactly once. Each
    /// migration commits on its own with its `schema_migrations` row.
    static func migrate(_ handle: PostgresHandle, _ migrator: Migrator) throws -> [Migration] {
        try handle.execute("SELECT pg_advisory_lock(\(.integer(migrationLockKey)))")
        defer { _ = try? handle.execute("SELECT pg_advisory_unlock(\(.integer(migrationLockKey)))") }
        try handle.executeScript(Migrator.createTableSQL(.postgres))
        let pending = try migrator.pending(applied: Migrator.applied(handle))
        for migration in pending {
            try handle.executeScript("BEGIN")
            do {
                try handle.executeScript(migration.sql)
                try handle.execute(Migrator.insertApplied(migration, at: Date()))
                try handle.executeScript("COMMIT")
            } catch let error as StoreError {
                _ = try? handle.executeScript("ROLLBACK")
                throw StoreError(.migration, "migration \(migration.version) (\(migration.name)) failed: \(error.message)", backendCode: error.backendCode)
            }
        }
        return pending
    }

    public func transaction<T: Sendable>(
        _ access: Access,
        _ mode: TransactionMode,
        _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        try await retry.run(idempotent: mode == .idempotentWrite) {
            let connection = try await pool.checkout()
            do {
                let result = try await connection.transaction(access, mode, body)
                await pool.checkin(connection)
                return result
            } catch {
                await pool.checkin(connection)
                throw error
            }
        }
    }

    /// Runs a maintenance script as the connecting user, outside any tenant
    /// and outside row-level security: DDL such as rebuilding an index with a
    /// larger `maintenance_work_mem` (use `SET LOCAL` inside `BEGIN … COMMIT`,
    /// so nothing outlives the script on the pooled connection). For operator
    /// tools and benchmarks, never for requests.
    public func maintenance(_ script: String) async throws {
        let connection = try await pool.checkout()
        do {
            try await connection.withHandle { try $0.executeScript(script) }
            await pool.checkin(connection)
        } catch {
            await pool.checkin(connection)
            throw error
        }
    }

    /// Sends a notification to every listener of `channel` (delivered at commit).
    public func notify(channel: String, payload: String) async throws {
        _ = try await transaction(.system, .write) { c in
            try c.execute("SELECT pg_notify(\(.text(channel)), \(.text(payload)))")
        }
    }

    /// A dedicated listener connection on its own thread; see `PostgresListener`.
    public func listen(channels: [String]) async throws -> PostgresListener {
        let listener = try PostgresListener(url: url, channels: channels)
        try await listener.start()
        return listener
    }

    public func close() async {
        await pool.close()
        await probeConnection.close()
    }
}
