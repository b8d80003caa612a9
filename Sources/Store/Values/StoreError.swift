/// The one error type the Store throws. Callers map `code` to their own
/// error space (JSON-RPC application codes) once, at the edge.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An open set of error kinds, in the style of swift-nio: new codes can be
    /// added without breaking exhaustive switches in callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The row does not exist in this scope.
        public static let notFound = Code("not_found")
        /// A unique constraint was violated (SQLSTATE 23505, SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY).
        public static let conflict = Code("conflict")
        /// The caller sent a value the Store will not store (bad scope, NUL in text, invalid JSON, ...).
        public static let invalidInput = Code("invalid_input")
        /// The row exists but its state forbids the change (e.g. a finished run cannot start).
        public static let invalidState = Code("invalid_state")
        /// The writer no longer holds the run's lease: another worker took
        /// the run over (its lease had expired) or it has ended.
        public static let leaseLost = Code("lease_lost")
        /// Lock contention that outlived the retries (SQLITE_BUSY, SQLSTATE 40001/40P01).
        public static let busy = Code("busy")
        /// The database cannot be reached or the connection broke.
        public static let unavailable = Code("unavailable")
        /// The schema cannot be brought to this binary's version.
        public static let migration = Code("migration")
        /// The backend does not offer this feature (e.g. LISTEN on SQLite).
        public static let unsupported = Code("unsupported")
        /// A bug: unexpected SQL error or a row that does not decode.
        public static let `internal` = Code("internal")
    }

    public var code: Code
    public var message: String
    /// The offending input field, when there is one (e.g. `scope.org_id`).
    public var field: String?
    /// The backend's own code: a SQLSTATE or an SQLite extended result code.
    public var backendCode: String?

    public init(_ code: Code, _ message: String, field: String? = nil, backendCode: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.backendCode = backendCode
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let backendCode { text += " [\(backendCode)]" }
        return text
    }

    /// Set when a connection broke before COMMIT was sent: nothing was
    /// committed, so the transaction may be re-run on a fresh connection.
    var lostBeforeCommit = false

    /// The database could not be reached or the connection broke (as
    /// opposed to an error the database answered with): a restart or an
    /// outage, which may be over in seconds.
    public internal(set) var connectionLost = false

    /// Whether re-running the whole transaction soon may succeed (lock contention).
    var isRetryable: Bool { code == .busy }

    /// An `.unavailable` error for a connection that broke or never came up.
    static func connectionFailure(_ message: String, beforeCommit: Bool = true) -> StoreError {
        var error = StoreError(.unavailable, message)
        error.connectionLost = true
        error.lostBeforeCommit = beforeCommit
        return error
    }
}
