import Foundation
import Store

/// Streams a run's (or a session's, or a whole scope's) events to one
/// subscriber: what is stored after `after_seq` first, then live events, with
/// no gap and no duplicate — `seq` decides. When the live buffer overflows the
/// follower falls back to the database and carries on from the last `seq` it
/// delivered, so a slow client costs storage reads, not memory.
public struct RunFollower: Sendable {
    let stores: Database
    let bus: EventBus
    static let page = 500

    public init(service: RunService) {
        stores = service.stores
        bus = service.bus
    }

    /// Runs until `deliver` returns false, the task is cancelled, or (for a
    /// single run) its terminal event has been delivered.
    /// `poll` also re-reads the database that often, for runs executed by
    /// another process without notifications (SQLite shared by two processes).
    public func follow(_ filter: EventBus.Filter, scope: Scope, afterSeq: Int64?, poll: Duration? = nil,
                       deliver: @Sendable (RunEvent) async -> Bool) async throws {
        let sub = bus.subscribe(filter)
        defer { sub.cancel() }
        var last: [String: Int64] = [:]
        var sessions: [String: Bool] = [:]
        /// Whether a run learned of by notification belongs to this
        /// subscription (the database read below is scoped anyway; a session
        /// filter needs the run's session).
        func admits(_ runID: String) async throws -> Bool {
            if let runFilter = filter.runID { return runFilter == runID }
            guard let session = filter.sessionKey else { return true }
            if let known = sessions[runID] { return known }
            let matches = try await stores.runs.get(runID, in: scope)?.sessionKey == session
            sessions[runID] = matches
            return matches
        }
        if let runID = filter.runID {
            last[runID] = afterSeq ?? 0
            if try await catchUp(runID, scope: scope, last: &last, single: true, deliver: deliver) { return }
        }
        while true {
            let next: BusSubscription.Item?
            if let poll { next = await sub.next(within: poll) } else { next = await sub.next() }
            guard let item = next else { return }
            switch item {
            case .event(let event):
                // A live-only event (an unstored token) has no place in the seq order: it is passed on as it comes.
                guard let seq = event.seq else {
                    guard await deliver(event) else { return }
                    continue
                }
                let seen = last[event.runID] ?? (seq - 1)
                if seq <= seen { continue }
                if seq > seen + 1 {
                    last[event.runID] = seen
                    if try await catchUp(event.runID, scope: scope, last: &last, single: filter.runID != nil, deliver: deliver) { return }
                    continue
                }
                last[event.runID] = seq
                guard await deliver(event) else { return }
                if filter.runID != nil && EventType.terminal.contains(event.type) { return }
            case .idle:
                for runID in last.keys.sorted() where try await admits(runID) {
                    if try await catchUp(runID, scope: scope, last: &last, single: filter.runID != nil, deliver: deliver) { return }
                }
            case .lagged(let runs):
                for runID in runs.sorted() where try await admits(runID) {
                    // A run never seen before is read from its start: nothing of it was delivered.
                    if last[runID] == nil { last[runID] = 0 }
                    if try await catchUp(runID, scope: scope, last: &last, single: filter.runID != nil, deliver: deliver) { return }
                }
            }
        }
    }

    /// Delivers stored events after `last[runID]`; true when the follow is over.
    private func catchUp(_ runID: String, scope: Scope, last: inout [String: Int64], single: Bool, deliver: @Sendable (RunEvent) async -> Bool) async throws -> Bool {
        while true {
            let after = last[runID] ?? 0
            let rows = try await stores.events.list(runID, in: scope, filter: EventFilter(afterSeq: after, limit: Self.page))
            for row in rows {
                let event = RunEvent(row)
                last[runID] = row.seq
                guard await deliver(event) else { return true }
                if single && EventType.terminal.contains(event.type) { return true }
            }
            if rows.count < Self.page { return false }
        }
    }
}
