/// A bounded pool of `PostgresConnection`s, created lazily up to `maxSize`.
/// A connection is checked for health when handed out and reconnects in
/// place if its backend went away, so a pool never shrinks; callers waiting
/// for a connection are served first come, first served.
actor PostgresPool {
    let url: String
    let maxSize: Int
    private var idle: [PostgresConnection] = []
    private var created = 0
    private var waiters: [CheckedContinuation<PostgresConnection, any Error>] = []
    private var all: [PostgresConnection] = []
    private var closed = false

    init(url: String, maxSize: Int) {
        self.url = url
        self.maxSize = max(1, maxSize)
    }

    /// A healthy connection for the caller's exclusive use; give it back with `checkin`.
    nonisolated func checkout() async throws -> PostgresConnection {
        let connection = try await reserve()
        do {
            try await connection.ensureConnected()
            return connection
        } catch {
            await checkin(connection)
            throw error
        }
    }

    private func reserve() async throws -> PostgresConnection {
        guard !closed else { throw StoreError(.unavailable, "the PostgreSQL pool is closed") }
        if let connection = idle.popLast() { return connection }
        if created < maxSize {
            created += 1
            let connection = PostgresConnection(url: url, name: "oi.pg.\(created)")
            all.append(connection)
            return connection
        }
        return try await withCheckedThrowingContinuation { waiters.append($0) }
    }

    func checkin(_ connection: PostgresConnection) {
        if !waiters.isEmpty {
            waiters.removeFirst().resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    func close() async {
        closed = true
        for waiter in waiters { waiter.resume(throwing: StoreError(.unavailable, "the PostgreSQL pool is closed")) }
        waiters.removeAll()
        idle.removeAll()
        let connections = all
        all.removeAll()
        for connection in connections { await connection.close() }
    }
}
