/// Which SQL the database speaks. Statements are written once with `$1…$n`
/// placeholders (`SQL` numbers them); the SQLite driver rewrites them to `?1…?n`.
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

/// Statements built as `SQL` (values bound where they appear). There is
/// no one-argument `String` form: a literal like `"… \(fragment) …"` must
/// become `SQL`, never text with a fragment's description spliced in.
extension SQLConnection {
    @discardableResult
    public func execute(_ sql: SQL) throws -> Int { try execute(sql.text, sql.parameters) }

    public func query(_ sql: SQL) throws -> [Row] { try query(sql.text, sql.parameters) }

    /// The first row, if any.
    public func queryFirst(_ sql: SQL) throws -> Row? { try query(sql).first }

    /// The first row, if any, of text with hand-bound `$n` parameters.
    public func queryFirst(_ sql: String, _ parameters: [SQLValue]) throws -> Row? {
        try query(sql, parameters).first
    }
}

/// Read-only transactions may go to a reader connection; writes go to the writer.
/// An `idempotentWrite`'s body checks whether an earlier attempt already
/// committed (and then returns what it stored), so it may be re-run even when
/// the connection broke after COMMIT was sent and the outcome is unknown.
public enum TransactionMode: Sendable, Hashable {
    case read
    case write
    case idempotentWrite
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
    /// How long a transaction keeps retrying while the database cannot be
    /// reached (a restart, a failover): on a fresh connection each time,
    /// backing off up to a second. Beyond it the `.unavailable` error stands.
    public var outage: Duration

    public init(maxAttempts: Int = 5, initialBackoff: Duration = .milliseconds(5), maxBackoff: Duration = .milliseconds(200),
                outage: Duration = .seconds(30)) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.outage = outage
    }

    public static let `default` = RetryPolicy()

    /// Runs `attempt` until it succeeds or fails for good. Lock contention is
    /// retried `maxAttempts` times; a lost connection is retried for `outage`
    /// when nothing was committed (or the body is idempotent). Backoff
    /// doubles with jitter.
    func run<T>(idempotent: Bool = false, _ attempt: () async throws -> T) async throws -> T {
        var backoff = initialBackoff
        var tries = 0
        var outageStarted: ContinuousClock.Instant?
        var outageBackoff = Duration.milliseconds(50)
        while true {
            tries += 1
            do {
                return try await attempt()
            } catch let error as StoreError where error.connectionLost && (error.lostBeforeCommit || idempotent) {
                let started = outageStarted ?? .now
                outageStarted = started
                guard ContinuousClock.now - started < outage else { throw error }
                try await Task.sleep(for: outageBackoff * Double.random(in: 0.75...1.25))
                outageBackoff = min(outageBackoff * 2, .seconds(1))
            } catch let error as StoreError where error.isRetryable && tries < maxAttempts {
                let jitter = Double.random(in: 0.5...1.5)
                try await Task.sleep(for: backoff * jitter)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }
}
