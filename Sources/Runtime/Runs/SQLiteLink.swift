import Foundation
import Logging
import Store

/// Ties the processes sharing one SQLite file together, as `ClusterLink`
/// does over LISTEN/NOTIFY on PostgreSQL: SQLite has no notifications, so
/// this polls a few indexed reads every `interval` (50 ms: events reach
/// another process's subscribers well within 100 ms).
/// - New events (by `rowid`, which only grows) poke the bus, so subscribers
///   here re-read the runs another process executes.
/// - While this process owns the queue: a pending run it has not seen (made
///   or sent back to the queue by another process) wakes the queue, and a
///   cancel requested elsewhere stops a run executing here.
final class SQLiteLink: Sendable {
    private let database: Database
    private let bus: EventBus
    private let queue: RunQueue
    private let interval: Duration

    init(database: Database, bus: EventBus, queue: RunQueue, interval: Duration = .milliseconds(50)) {
        self.database = database
        self.bus = bus
        self.queue = queue
        self.interval = interval
    }

    /// Polls until the calling task is cancelled.
    func run() async {
        await Self.poll(database: database, bus: bus, queue: queue, interval: interval)
    }

    private static func poll(database: Database, bus: EventBus, queue: RunQueue, interval: Duration) async {
        let logger = Logger(label: "oi.runtime.sqlite-link")
        var lastRowid: Int64 = -1
        var lastPending: String?
        var failing = false
        while !Task.isCancelled {
            do {
                let owner = queue.isClaiming ? queue.owner : nil
                let seen = lastRowid
                let tick = try await database.transaction(.system, .read) { c -> Tick in
                    var tick = Tick()
                    if seen < 0 {
                        tick.rowid = try c.queryFirst("SELECT COALESCE(MAX(rowid), 0) AS r FROM events", [])?["r"].int64 ?? 0
                    } else {
                        tick.rowid = seen
                        for row in try c.query("SELECT rowid AS r, run_id, seq FROM events WHERE rowid > $1 ORDER BY rowid LIMIT 2000", [.integer(seen)]) {
                            tick.rowid = max(tick.rowid, row["r"].int64 ?? 0)
                            let run = try row.string("run_id"), seq = row["seq"].int64 ?? 0
                            tick.events[run] = max(tick.events[run] ?? 0, seq)
                        }
                    }
                    guard let owner else { return tick }
                    tick.pending = try c.queryFirst("SELECT MAX(updated_at) AS u, COUNT(*) AS n FROM runs WHERE status = 'pending'", [])
                        .map { "\($0["u"].string ?? "").\($0["n"].int64 ?? 0)" }
                    tick.cancelled = try c.query(
                        "SELECT id FROM runs WHERE status = 'running' AND cancel_requested AND lease_owner = $1", [.text(owner)]
                    ).map { try $0.string("id") }
                    return tick
                }
                lastRowid = tick.rowid
                for (run, seq) in tick.events { bus.poke(runID: run, seq: seq) }
                if let pending = tick.pending, pending != lastPending {
                    lastPending = pending
                    queue.wake()
                }
                for run in tick.cancelled { queue.cancel(run) }
                if failing {
                    logger.info("reading the database again")
                    bus.resyncAll()
                }
                failing = false
            } catch {
                if !failing { logger.warning("cannot read the database for other processes' changes", metadata: ["error": .string("\(error)")]) }
                failing = true
            }
            try? await Task.sleep(for: interval)
        }
    }

    private struct Tick: Sendable {
        var rowid: Int64 = 0
        var events: [String: Int64] = [:]
        var pending: String?
        var cancelled: [String] = []
    }
}
