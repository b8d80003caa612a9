import Foundation
import Synchronization

/// The default backend: one SQLite file in WAL mode, one writer connection and
/// a few reader connections, each on its own thread. Writes are serialised by
/// the writer (and across processes by `BEGIN IMMEDIATE` + `busy_timeout`);
/// reads run beside them on snapshot-isolated readers.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let nextReader = Atomic<Int>(0)
    private let retry: RetryPolicy

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], retry: RetryPolicy) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.retry = retry
    }

    /// Opens (creating if needed) the file at `path` and applies `migrations`.
    public static func open(
        path: String,
        readers readerCount: Int = 2,
        busyTimeout: Duration = .seconds(5),
        migrations: [Migration] = Migrations.sqlite,
        retry: RetryPolicy = .default
    ) async throws -> SQLiteDatabase {
        let migrator = try Migrator(migrations)
        // DATA_DIR may not exist yet on a first start.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unavailable, "cannot create \(directory.path): \(error.localizedDescription)")
        }
        let writer = SQLiteConnection(name: "oi.sqlite.writer", isWriter: true)
        // Two processes creating the same file at once can briefly see SQLITE_BUSY
        // on the journal-mode switch; that is retried like any transaction.
        try await retry.run { try await writer.open(path: path, busyTimeout: busyTimeout) }
        do {
            _ = try await retry.run { try await writer.migrate(migrator) }
            var readers: [SQLiteConnection] = []
            for i in 0..<max(0, readerCount) {
                let reader = SQLiteConnection(name: "oi.sqlite.reader.\(i)", isWriter: false)
                try await reader.open(path: path, busyTimeout: busyTimeout)
                readers.append(reader)
            }
            return SQLiteDatabase(path: path, writer: writer, readers: readers, retry: retry)
        } catch {
            await writer.close()
            throw error
        }
    }

    /// SQLite has no row-level security; `access` is enforced by the SQL of
    /// the repositories (every statement filters by scope).
    public func transaction<T: Sendable>(
        _ access: Access,
        _ mode: TransactionMode,
        _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        let connection: SQLiteConnection
        if mode == .read, !readers.isEmpty {
            connection = readers[nextReader.add(1, ordering: .relaxed).oldValue % readers.count]
        } else {
            connection = writer
        }
        return try await retry.run { try await connection.transaction(body) }
    }

    public func close() async {
        await writer.close()
        for reader in readers { await reader.close() }
    }
}
