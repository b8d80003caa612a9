import Foundation
import Logging
import Store

/// Ties the processes sharing one PostgreSQL database together with
/// LISTEN/NOTIFY: events stored elsewhere reach this process's subscribers,
/// a run queued elsewhere wakes this queue, and a cancel reaches the process
/// executing the run. Notifications carry ids only; rows stay in the tables.
/// SQLite has no such link: one process owns the file.
final class ClusterLink: Sendable {
    static let runsChannel = "oi_runs"
    static let cancelChannel = "oi_cancel"

    private let database: Database
    private let listener: PostgresListener
    private let bus: EventBus
    private let queue: RunQueue

    static func start(database: Database, bus: EventBus, queue: RunQueue) async throws -> ClusterLink? {
        guard database.dialect == .postgres else { return nil }
        let listener = try await database.listen(channels: [EventRepository.notifyChannel, runsChannel, cancelChannel])
        return ClusterLink(database: database, listener: listener, bus: bus, queue: queue)
    }

    private init(database: Database, listener: PostgresListener, bus: EventBus, queue: RunQueue) {
        self.database = database
        self.listener = listener
        self.bus = bus
        self.queue = queue
    }

    /// Hands notifications on until `stop()` (or the calling task is cancelled).
    func run() async {
        await withTaskCancellationHandler {
            for await note in listener.notifications {
                if note.afterReconnect {
                    // Whatever was committed while the LISTEN connection was down
                    // sent notifications nobody heard: every subscriber re-reads.
                    if note.channel == EventRepository.notifyChannel { bus.resyncAll() }
                    if note.channel == Self.runsChannel { queue.wake() }
                    continue
                }
                switch note.channel {
                case EventRepository.notifyChannel:
                    guard let colon = note.payload.lastIndex(of: ":"), let seq = Int64(note.payload[note.payload.index(after: colon)...]) else { continue }
                    bus.poke(runID: String(note.payload[..<colon]), seq: seq)
                case Self.runsChannel:
                    queue.wake()
                case Self.cancelChannel:
                    queue.cancel(note.payload)
                default:
                    continue
                }
            }
        } onCancel: {
            listener.stop()
        }
    }

    /// Tells every process a run was queued.
    func runQueued(_ runID: String) async {
        try? await database.notify(channel: Self.runsChannel, payload: runID)
    }

    /// Tells the process executing `runID` to stop it.
    func cancelRequested(_ runID: String) async {
        try? await database.notify(channel: Self.cancelChannel, payload: runID)
    }

    func stop() {
        listener.stop()
    }
}
