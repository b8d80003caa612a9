import Foundation
import Synchronization

/// A run's event log: batched appends with dense `seq`, filtered reads, counts,
/// and the step commit (events + checkpoint + run update in one transaction).
/// On PostgreSQL every append also sends `pg_notify('oi_events',
/// '<run_id>:<last_seq>')`, delivered at commit; payloads stay in the table.
public struct EventRepository: Sendable {
    let database: any SQLDatabase

    /// The NOTIFY channel that carries `<run_id>:<last_seq>` after each append.
    public static let notifyChannel = "oi_events"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Appends `events` in order, in one transaction; throws `.notFound` when
    /// the run is not in `scope`, and `.leaseLost` (writing nothing) when
    /// `leaseOwner` is given and no longer holds the run. Returns them with
    /// their `seq` and `id`.
    public func append(_ events: [NewEvent], to runID: String, in scope: Scope, leaseOwner: String? = nil, now: Date = Date()) async throws -> [Event] {
        try EventSQL.validate(events)
        guard !events.isEmpty else { return [] }
        let dialect = database.dialect
        let attempts = Attempts()
        return try await database.transaction(.tenant(scope), Self.mode(events)) { c in
            if attempts.retrying(), let stored = try EventSQL.alreadyStored(c, events, runID: runID, scope: scope) { return stored }
            let lastSeq = try Self.reserve(c, dialect: dialect, count: events.count, toolCalls: EventSQL.toolCalls(in: events), runID: runID,
                                           scope: scope, leaseOwner: leaseOwner, now: now)
            return try EventSQL.insert(c, events, runID: runID, scope: scope, firstSeq: lastSeq - Int64(events.count) + 1, now: now)
        }
    }

    /// Events of a run in `seq` order, after `filter.afterSeq`, at most `filter.limit`.
    /// Another scope's run has no events (empty, not an error).
    public func list(_ runID: String, in scope: Scope, filter: EventFilter = EventFilter()) async throws -> [Event] {
        let sql: SQL = """
            SELECT \(raw: Event.columns) FROM events WHERE \(EventSQL.whereClause(runID: runID, scope: scope, filter: filter))
            ORDER BY seq LIMIT \(.int(min(max(filter.limit, 1), 10_000)))
            """
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.query(sql, as: Event.self)
        }
    }

    /// How many events match `filter` (its `limit` is ignored).
    public func count(_ runID: String, in scope: Scope, filter: EventFilter = EventFilter()) async throws -> Int {
        let clause = EventSQL.whereClause(runID: runID, scope: scope, filter: filter)
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT COUNT(*) AS total FROM events WHERE \(clause)")?.int("total") ?? 0
        }
    }

    /// Writes one step durably: its events, its checkpoint and the run's
    /// change, in ONE transaction (one synced commit). Either all of it is
    /// stored or none. Throws `.notFound` for a run outside `scope`,
    /// `.invalidState` for a forbidden status change, `.conflict` when the
    /// step already has a checkpoint, `.leaseLost` when `step.leaseOwner`
    /// no longer holds the run.
    public func commitStep(_ step: StepCommit, to runID: String, in scope: Scope, now: Date = Date()) async throws -> StepCommitResult {
        try EventSQL.validate(step.events)
        if let checkpoint = step.checkpoint { try CheckpointSQL.validate(checkpoint) }
        if let update = step.run { try RunSQL.validate(update) }
        let attempts = Attempts()
        return try await database.transaction(.tenant(scope), Self.mode(step.events)) { c in
            if attempts.retrying(), let stored = try EventSQL.alreadyStored(c, step.events, runID: runID, scope: scope),
               let run = try RunSQL.fetch(c, id: runID, scope: scope) {
                return StepCommitResult(events: stored, checkpoint: nil, run: run)
            }
            guard let run = try RunSQL.update(c, id: runID, scope: scope, step.run ?? RunUpdate(), reserveSeq: step.events.count,
                                              toolCalls: EventSQL.toolCalls(in: step.events),
                                              notify: !step.events.isEmpty, leaseOwner: step.leaseOwner, now: now) else {
                throw StoreError(.notFound, "run \(runID) not found", field: "run_id")
            }
            let events = try EventSQL.insert(
                c, step.events, runID: runID, scope: scope, firstSeq: run.lastSeq - Int64(step.events.count) + 1, now: now)
            let checkpoint = try step.checkpoint.map { try CheckpointSQL.insert(c, $0, runID: runID, scope: scope, now: now) }
            return StepCommitResult(events: events, checkpoint: checkpoint, run: run)
        }
    }

    /// Writes whose events all carry the writer's ids can be retried after a
    /// lost COMMIT: the retry finds them stored and returns them.
    static func mode(_ events: [NewEvent]) -> TransactionMode {
        !events.isEmpty && events.allSatisfy { $0.id != nil } ? .idempotentWrite : .write
    }

    /// Raises `runs.last_seq` by `count` (locking the run row until commit)
    /// and returns the new value; on PostgreSQL the same statement queues the
    /// NOTIFY, which is sent only if the transaction commits.
    static func reserve(_ c: any SQLConnection, dialect: SQLDialect, count: Int, toolCalls: Int = 0, runID: String, scope: Scope,
                        leaseOwner: String? = nil, now: Date) throws -> Int64 {
        let notify = dialect == .postgres ? ", pg_notify('\(notifyChannel)', id || ':' || last_seq)" : ""
        let fence: SQL = leaseOwner.map { " AND lease_owner = \(.text($0))" } ?? ""
        guard let row = try c.queryFirst(
            """
            UPDATE runs SET last_seq = last_seq + \(.int(count)), tool_call_count = tool_call_count + \(.int(toolCalls)), \
            updated_at = \(.date(now))
            WHERE \(.inScope(scope)) AND id = \(.text(runID))\(fence)
            RETURNING last_seq\(raw: notify)
            """)
        else {
            if let leaseOwner, let run = try RunSQL.fetch(c, id: runID, scope: scope) { throw RunSQL.leaseLost(run, owner: leaseOwner) }
            throw StoreError(.notFound, "run \(runID) not found", field: "run_id")
        }
        return try row.int64("last_seq")
    }
}

/// Everything one step writes: its events, its checkpoint, the run's change.
public struct StepCommit: Sendable, Hashable {
    public var events: [NewEvent]
    public var checkpoint: NewCheckpoint?
    public var run: RunUpdate?
    /// The worker that must still hold the run's lease for the step to be
    /// written (nil: no fence).
    public var leaseOwner: String?

    public init(events: [NewEvent] = [], checkpoint: NewCheckpoint? = nil, run: RunUpdate? = nil, leaseOwner: String? = nil) {
        self.events = events
        self.checkpoint = checkpoint
        self.run = run
        self.leaseOwner = leaseOwner
    }
}

/// What a step commit stored, and the run after it.
public struct StepCommitResult: Sendable, Hashable {
    public var events: [Event]
    public var checkpoint: Checkpoint?
    public var run: Run
}

/// Counts the attempts of one transaction body, so only a retry pays for
/// looking up what an earlier attempt may have committed.
final class Attempts: Sendable {
    private let count = Atomic<Int>(0)

    /// True from the second call on.
    func retrying() -> Bool { count.add(1, ordering: .relaxed).oldValue > 0 }
}
