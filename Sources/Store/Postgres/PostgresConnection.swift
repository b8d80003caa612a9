import Foundation

/// One PostgreSQL connection confined to its own thread (its executor is a
/// `ThreadExecutor`), so libpq's blocking calls never run on the cooperative
/// pool. It reconnects itself when found broken at checkout.
actor PostgresConnection {
    private let executor: ThreadExecutor
    private let url: String
    private var handle: PostgresHandle?

    nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    init(url: String, name: String) {
        self.url = url
        self.executor = ThreadExecutor(name: name)
    }

    /// Connects if needed; replaces a connection whose backend went away.
    func ensureConnected() throws {
        if let handle, handle.isHealthy() { return }
        handle?.close()
        handle = nil
        handle = try PostgresHandle(url: url)
    }

    func close() {
        handle?.close()
        handle = nil
    }

    /// Direct use of the handle, outside any transaction (migrations, admin).
    func withHandle<T: Sendable>(_ body: @Sendable (PostgresHandle) throws -> T) throws -> T {
        try ensureConnected()
        guard let handle else { throw StoreError(.unavailable, "the PostgreSQL connection is closed") }
        return try body(handle)
    }

    /// One attempt at a transaction. Tenant transactions switch to the
    /// `oi_runtime` role and set the tenant locally, so row-level security
    /// admits only that tenant's rows even if a `WHERE` is missing; system
    /// transactions set `oi.system = 'on'` instead (docs/decisions.md).
    func transaction<T: Sendable>(
        _ access: Access,
        _ mode: TransactionMode,
        _ body: @Sendable (any SQLConnection) throws -> T
    ) throws -> T {
        guard let handle, handle.isOpen else {
            throw StoreError.connectionFailure("the PostgreSQL connection is closed")
        }
        var commitSent = false
        do {
            try handle.execute(mode == .read ? "BEGIN READ ONLY" : "BEGIN", [])
            switch access {
            case .tenant(let scope):
                try handle.execute(
                    """
                    SELECT set_config('role', 'oi_runtime', true), set_config('oi.system', 'off', true),
                           set_config('oi.org_id', \(.text(scope.orgID)), true), set_config('oi.user_id', \(.text(scope.userID)), true),
                           set_config('oi.project_id', \(.text(scope.projectKey)), true)
                    """)
            case .system:
                try handle.execute("SELECT set_config('role', 'oi_runtime', true), set_config('oi.system', 'on', true)", [])
            }
            let result = try body(handle)
            commitSent = true
            try handle.execute("COMMIT", [])
            return result
        } catch var error as StoreError {
            if handle.isHealthyAfterFailure {
                _ = try? handle.execute("ROLLBACK", [])
            } else {
                // The backend is gone; drop the handle so the next checkout reconnects.
                handle.close()
                self.handle = nil
                error.connectionLost = true
                if !commitSent { error.lostBeforeCommit = true }
            }
            throw error
        } catch {
            _ = try? handle.execute("ROLLBACK", [])
            throw error
        }
    }
}
