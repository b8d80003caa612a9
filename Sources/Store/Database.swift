/// The Store's front door: opens the configured backend, applies migrations,
/// and hands out the repositories. One per process; share it freely.
public final class Database: Sendable {
    /// The driver, for layers that write their own SQL (Memory) through
    /// `transaction(_:_:_:)`; repositories cover the runtime's needs.
    public let sql: any SQLDatabase
    public let runs: RunRepository
    public let queue: RunQueueRepository
    public let events: EventRepository
    public let checkpoints: CheckpointRepository
    public let approvals: ApprovalRepository
    public let toolGrants: ToolGrantRepository
    public let skills: SkillRepository
    public let roles: RoleRepository
    public let groups: GroupRepository
    public let blackboard: BlackboardRepository
    public let injections: InjectionRepository
    public let apiTokens: APITokenRepository
    public let clientSessions: ClientSessionRepository
    public let uploads: UploadRepository
    public let jobs: JobRepository
    public let connectors: ConnectorRepository

    public var dialect: SQLDialect { sql.dialect }

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
        runs = RunRepository(database: sql)
        queue = RunQueueRepository(database: sql)
        events = EventRepository(database: sql)
        checkpoints = CheckpointRepository(database: sql)
        approvals = ApprovalRepository(database: sql)
        toolGrants = ToolGrantRepository(database: sql)
        skills = SkillRepository(database: sql)
        roles = RoleRepository(database: sql)
        groups = GroupRepository(database: sql)
        blackboard = BlackboardRepository(database: sql)
        injections = InjectionRepository(database: sql)
        apiTokens = APITokenRepository(database: sql)
        clientSessions = ClientSessionRepository(database: sql)
        uploads = UploadRepository(database: sql)
        jobs = JobRepository(database: sql)
        connectors = ConnectorRepository(database: sql)
    }

    /// Opens the database and brings its schema to this binary's version.
    /// Refuses (`.migration`) a newer schema or an edited shipped migration.
    public static func open(_ configuration: StoreConfiguration) async throws -> Database {
        switch configuration.backend {
        case .sqlite(let path):
            return Database(try await SQLiteDatabase.open(
                path: path, readers: configuration.sqliteReaders, busyTimeout: configuration.busyTimeout,
                migrations: configuration.migrations ?? Migrations.sqlite, retry: configuration.retry))
        case .postgres(let url):
            return Database(try await PostgresDatabase.open(
                url: url, poolSize: configuration.poolSize,
                migrations: configuration.migrations ?? Migrations.postgres, retry: configuration.retry))
        }
    }

    /// The highest applied migration version (for health reports and `doctor`).
    public func schemaVersion() async throws -> Int {
        try await sql.transaction(.system, .read) { c in
            try c.queryFirst("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")?.int("version") ?? 0
        }
    }

    /// One quick read that says whether the database answers now (no
    /// retries), with the number of pending runs (`system/health`).
    public func probe() async throws -> Int {
        if let postgres = sql as? PostgresDatabase { return try await postgres.probe() }
        return try await queue.pendingCount()
    }

    /// A transaction with your own SQL: built as `SQL` (values bound where
    /// they appear), or text with `$1…$n` placeholders on both backends.
    @discardableResult
    public func transaction<T: Sendable>(
        _ access: Access, _ mode: TransactionMode = .write,
        _ body: @escaping @Sendable (any SQLConnection) throws -> T
    ) async throws -> T {
        try await sql.transaction(access, mode, body)
    }

    /// Live notifications across processes; PostgreSQL only (SQLite is one
    /// process, whose runtime fans out in memory): `.unsupported` otherwise.
    public func listen(channels: [String]) async throws -> PostgresListener {
        guard let postgres = sql as? PostgresDatabase else {
            throw StoreError(.unsupported, "LISTEN/NOTIFY needs PostgreSQL")
        }
        return try await postgres.listen(channels: channels)
    }

    /// `pg_notify(channel, payload)`; PostgreSQL only.
    public func notify(channel: String, payload: String) async throws {
        guard let postgres = sql as? PostgresDatabase else {
            throw StoreError(.unsupported, "LISTEN/NOTIFY needs PostgreSQL")
        }
        try await postgres.notify(channel: channel, payload: payload)
    }

    public func close() async {
        await sql.close()
    }
}
