import Foundation

/// One SQLite connection confined to its own thread: the actor's executor is a
/// `ThreadExecutor`, so every isolated method (and so every sqlite3 call) runs
/// there, off the cooperative pool.
actor SQLiteConnection {
    private let executor: ThreadExecutor
    private var handle: SQLiteHandle?
    let isWriter: Bool

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(name: String, isWriter: Bool) {
        self.executor = ThreadExecutor(name: name)
        self.isWriter = isWriter
    }

    func open(path: String, busyTimeout: Duration) throws {
        handle = try SQLiteHandle(path: path, readOnly: !isWriter, busyTimeout: busyTimeout)
    }

    func close() {
        handle?.close()
        handle = nil
    }

    /// One attempt at a transaction: `BEGIN IMMEDIATE` on the writer takes the
    /// write lock up front (no deadlocking read-to-write upgrade), plain `BEGIN`
    /// on readers gives a consistent snapshot for multi-statement reads.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLConnection) throws -> T) throws -> T {
        guard let handle else { throw StoreError(.unavailable, "the SQLite connection is closed") }
        try handle.execute(isWriter ? "BEGIN IMMEDIATE" : "BEGIN", [])
        do {
            let result = try body(handle)
            try handle.execute("COMMIT", [])
            return result
        } catch {
            _ = try? handle.execute("ROLLBACK", [])
            throw error
        }
    }

    /// Applies pending migrations in one `BEGIN IMMEDIATE` transaction: a second
    /// process opening the same file waits on the lock, then finds nothing to do.
    /// An up-to-date file is recognised with a plain read first, so opening it
    /// never waits for another process's write (in WAL mode reads do not).
    func migrate(_ migrator: Migrator) throws -> [Migration] {
        guard let handle else { throw StoreError(.unavailable, "the SQLite connection is closed") }
        // Any doubt (no table yet, a refused file) is settled under the lock below.
        if let applied = try? Migrator.applied(handle), let pending = try? migrator.pending(applied: applied), pending.isEmpty {
            return []
        }
        // SQLite's 12-step ALTER procedure: foreign keys off outside the
        // transaction (a rebuilt table's DROP must not cascade), checked before commit.
        try handle.executeScript("PRAGMA foreign_keys=OFF;")
        defer { try? handle.executeScript("PRAGMA foreign_keys=ON;") }
        try handle.execute("BEGIN IMMEDIATE", [])
        do {
            try handle.executeScript(Migrator.createTableSQL(.sqlite))
            let pending = try migrator.pending(applied: Migrator.applied(handle))
            for migration in pending {
                do {
                    try handle.executeScript(migration.sql)
                } catch let error as StoreError {
                    throw StoreError(.migration, "migration \(migration.version) (\(migration.name)) failed: \(error.message)", backendCode: error.backendCode)
                }
                try handle.execute(Migrator.insertApplied(migration, at: Date()))
            }
            if let broken = try handle.query("PRAGMA foreign_key_check", []).first {
                throw StoreError(.migration, "a migration left a broken foreign key: \(broken)")
            }
            try handle.execute("COMMIT", [])
            return pending
        } catch {
            _ = try? handle.execute("ROLLBACK", [])
            throw error
        }
    }
}
