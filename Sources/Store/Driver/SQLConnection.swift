/// Which SQL the database speaks. Statements are written once with `$1…$n`
/// placeholders; the SQLite driver rewrites them to `?1…?n`.
public enum SQLDialect: String, Sendable, Hashable {
    case sqlite
    case postgres
}

/// A connection inside a transaction: run SQL with bound parameters, get rows.
/// Only ever used synchronously on the connection's own thread, inside a
/// transaction body; never stored, never sent elsewhere (it is not Sendable).
public protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs one statement; returns the number of rows it changed.
    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int

    /// Runs one statement and returns all its rows.
    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row]
}

extension SQLConnection {
    @discardableResult
    public func execute(_ sql: String) throws -> Int { try execute(sql, []) }

    public func query(_ sql: String) throws -> [Row] { try query(sql, []) }

    /// The first row, if any.
    public func queryFirst(_ sql: String, _ parameters: [SQLValue] = []) throws -> Row? {
        try query(sql, parameters).first
    }
}

/// Read-only transactions may go to a reader connection; writes go to the writer.
public enum TransactionMode: Sendable, Hashable {
    case read
    case write
}

/// A database: connections behind transactions. The body runs synchronously on
/// the connection's dedicated thread and is re-run from the start when the
/// transaction hits a serialization failure, a deadlock or `SQLITE_BUSY`
/// (bounded attempts with backoff), so it must not have side effects outside SQL.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }

    func transaction<T: Sendable>(
        _ access: Access,
        _ mode: TransactionMode,
        _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T

    func close() async
}

/// How hard a transaction is retried after lock contention.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var initialBackoff: Duration
    public var maxBackoff: Duration

    public init(maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(5), maxBackoff: Duration = .milliseconds(200)) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
    }

    public static let `default` = RetryPolicy()

    /// Runs `attempt` until it succeeds, fails with a non-retryable error, or
    /// the attempts are used up. Backoff doubles with jitter.
    func run<T>(_ attempt: () async throws -> T) async throws -> T {
        var backoff = initialBackoff
        var tries = 0
        while true {
            tries += 1
            do {
                return try await attempt()
            } catch let error as StoreError where error.isRetryable && tries < maxAttempts {
                let jitter = Double.random(in: 0.5...1.5)
                try await Task.sleep(for: backoff * jitter)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }
}
