/// Which database to open and how. `DATABASE_URL` unset means SQLite at
/// `$DATA_DIR/openintern.sqlite`; `postgres://…` means PostgreSQL (DESIGN §9).
public struct StoreConfiguration: Sendable, Hashable {
    /// The database kind and where it is.
    public enum Backend: Sendable, Hashable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var backend: Backend
    /// PostgreSQL connections kept at most (default 4).
    public var poolSize: Int
    /// SQLite reader connections beside the one writer (default 2).
    public var sqliteReaders: Int
    /// How long SQLite waits for another process's write lock per attempt.
    public var busyTimeout: Duration
    public var retry: RetryPolicy
    /// Replaces the shipped migrations (tests use it to simulate old and new binaries).
    public var migrations: [Migration]?

    public init(backend: Backend, poolSize: Int = 4, sqliteReaders: Int = 2, busyTimeout: Duration = .seconds(5),
                retry: RetryPolicy = .default, migrations: [Migration]? = nil) {
        self.backend = backend
        self.poolSize = poolSize
        self.sqliteReaders = sqliteReaders
        self.busyTimeout = busyTimeout
        self.retry = retry
        self.migrations = migrations
    }

    public static func sqlite(path: String) -> StoreConfiguration { StoreConfiguration(backend: .sqlite(path: path)) }
    public static func postgres(url: String, poolSize: Int = 4) -> StoreConfiguration {
        StoreConfiguration(backend: .postgres(url: url), poolSize: poolSize)
    }

    /// The file name inside `DATA_DIR`.
    public static let sqliteFileName = "openintern.sqlite"

    /// From `DATABASE_URL` (postgres:// or postgresql://) or, when it is unset
    /// or empty, the SQLite file in `dataDirectory`.
    public static func resolve(databaseURL: String?, dataDirectory: String) throws -> StoreConfiguration {
        if let url = databaseURL?.trimmingSpaces, !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw StoreError(.invalidInput, "DATABASE_URL must start with postgres:// or postgresql://", field: "DATABASE_URL")
            }
            return .postgres(url: url)
        }
        let directory = dataDirectory.hasSuffix("/") ? String(dataDirectory.dropLast()) : dataDirectory
        return .sqlite(path: (directory.isEmpty ? "." : directory) + "/" + sqliteFileName)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
