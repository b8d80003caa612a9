import TestSupport

/// The test server's admin chores (`TestSupport.PostgresAdmin`), for every file of this suite.
typealias PostgresAdmin = TestSupport.PostgresAdmin

extension PostgresAdmin {
    /// Caps how many PostgreSQL tests hold a database at once, so a parallel
    /// test run stays well under the server's connection limit.
    static let gate = AsyncGate(permits: 6)
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
