import Foundation
import Logging
import Store

/// Streams a run's (or a session's, or a whole scope's) events to one
/// subscriber: what is stored after `after_seq` first, then live events, with
/// no gap and no duplicate — `seq` decides. When the live buffer overflows the
/// follower falls back to the database and carries on from the last `seq` it
/// delivered, so a slow client costs storage reads, not memory. A read that
/// fails is retried with backoff from the last delivered `seq`; only when
/// reads keep failing for `patience` does the follow end, with
/// `FollowEnded` saying where it stopped — it never just goes silent.
public struct RunFollower: Sendable {
    let stores: Database
    let bus: EventBus
    /// How long reads may keep failing before the subscriber is told the stream ended.
    let patience: Duration
    static let page = 500
    private static let logger = Logger(label: "oi.runtime.follower")

    public init(service: RunService, patience: Duration = .seconds(60)) {
        stores = service.stores
        bus = service.bus
        self.patience = patience
    }

    /// Runs until `deliver` returns false, the task is cancelled, or (for a
    /// single run) its terminal event has been delivered; throws
    /// `FollowEnded` when the database stays unreadable.
    /// `poll` also re-reads the database that often, for runs executed by
    /// another process without notifications.
    public func follow(_ filter: EventBus.Filter, scope: Scope, afterSeq: Int64?, poll: Duration? = nil,
                       deliver: @Sendable (RunEvent) async -> Bool) async throws {
        let sub = bus.subscribe(filter)
        defer { sub.cancel() }
        // Runs changed from a moment before now are looked at on a resync.
        let subscribedAt = Date().addingTimeInterval(-1)
        var state = State()
        do {
            if let runID = filter.runID {
                state.last[runID] = afterSeq ?? 0
                if try await catchUp(runID, scope: scope, state: &state, single: true, deliver: deliver) { return }
            }
            if let root = filter.rootRunID {
                // A tree from its start: the root, then every descendant so far, oldest first.
                if try await catchUp(tree: root, scope: scope, state: &state, deliver: deliver) { return }
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
                    if let root = filter.rootRunID {
                        guard try await admits(event.runID, filter, scope, &state) else { continue }
                        if state.last[event.runID] == nil {
                            // A run of the tree not seen yet is read from its start.
                            state.last[event.runID] = 0
                            if try await catchUp(event.runID, scope: scope, state: &state, single: event.runID == root, deliver: deliver) { return }
                            continue
                        }
                    }
                    let seen = state.last[event.runID] ?? (seq - 1)
                    if seq <= seen { continue }
                    if seq > seen + 1 {
                        state.last[event.runID] = seen
                        if try await catchUp(event.runID, scope: scope, state: &state, single: filter.runID != nil || filter.rootRunID == event.runID, deliver: deliver) { return }
                        continue
                    }
                    state.last[event.runID] = seq
                    guard await deliver(event) else { return }
                    if (filter.runID != nil || filter.rootRunID == event.runID) && EventType.terminal.contains(event.type) { return }
                case .idle:
                    for runID in state.last.keys.sorted() where try await admits(runID, filter, scope, &state) {
                        if try await catchUp(runID, scope: scope, state: &state, single: filter.runID != nil || filter.rootRunID == runID, deliver: deliver) { return }
                    }
                case .lagged(let runs):
                    for runID in runs.sorted() where try await admits(runID, filter, scope, &state) {
                        // A run never seen before is read from its start: nothing of it was delivered.
                        if state.last[runID] == nil { state.last[runID] = 0 }
                        if try await catchUp(runID, scope: scope, state: &state, single: filter.runID != nil || filter.rootRunID == runID, deliver: deliver) { return }
                    }
                case .resync:
                    var runs = Set(state.last.keys)
                    if filter.runID == nil {
                        // Runs that changed while notifications could not reach us, seen or not.
                        runs.formUnion(try await changedRuns(since: subscribedAt, filter: filter, scope: scope, state: &state))
                    }
                    for runID in runs.sorted() where try await admits(runID, filter, scope, &state) {
                        if state.last[runID] == nil { state.last[runID] = 0 }
                        if try await catchUp(runID, scope: scope, state: &state, single: filter.runID != nil || filter.rootRunID == runID, deliver: deliver) { return }
                    }
                }
            }
        } catch let error as FollowEnded {
            throw error
        } catch is CancellationError {
            return
        } catch {
            throw FollowEnded(reason: "\(error)", lastSeqs: state.last)
        }
    }

    struct State {
        var last: [String: Int64] = [:]
        /// Whether a run belongs to a session subscription (known once read).
        var sessions: [String: Bool] = [:]
    }

    /// Whether a run learned of by notification belongs to this subscription
    /// (the database read below is scoped anyway; a session filter needs the run's session).
    private func admits(_ runID: String, _ filter: EventBus.Filter, _ scope: Scope, _ state: inout State) async throws -> Bool {
        if let runFilter = filter.runID { return runFilter == runID }
        if let root = filter.rootRunID {
            if runID == root { return true }
            if let known = state.sessions[runID] { return known }
            let inTree = try await reading(state) { try await stores.runs.get(runID, in: scope)?.rootRunID == root }
            state.sessions[runID] = inTree
            return inTree
        }
        guard let session = filter.sessionKey else { return true }
        if let known = state.sessions[runID] { return known }
        let matches = try await reading(state) { try await stores.runs.get(runID, in: scope)?.sessionKey == session }
        state.sessions[runID] = matches
        return matches
    }

    /// The scope's (or session's) runs changed since `date`.
    private func changedRuns(since date: Date, filter: EventBus.Filter, scope: Scope, state: inout State) async throws -> [String] {
        var found: [String] = []
        var cursor: RunCursor?
        repeat {
            let after = cursor
            let page = try await reading(state) {
                try await stores.runs.list(in: scope, filter: RunFilter(sessionKey: filter.sessionKey, updatedFrom: date, rootRunID: filter.rootRunID),
                                           limit: 200, after: after)
            }
            for run in page.runs {
                found.append(run.id)
                state.sessions[run.id] = true
            }
            cursor = page.nextCursor
        } while cursor != nil
        return found
    }

    /// Delivers what is stored of a tree: the root's events, then each
    /// descendant's (oldest first); true when the root has ended.
    private func catchUp(tree root: String, scope: Scope, state: inout State, deliver: @Sendable (RunEvent) async -> Bool) async throws -> Bool {
        state.last[root] = state.last[root] ?? 0
        let rootEnded = try await catchUp(root, scope: scope, state: &state, single: true, deliver: deliver)
        var cursor: RunCursor?
        var below: [Run] = []
        repeat {
            let after = cursor
            let page = try await reading(state) { try await stores.runs.list(in: scope, filter: RunFilter(rootRunID: root), limit: 500, after: after) }
            below += page.runs
            cursor = page.nextCursor
        } while cursor != nil
        for run in below.reversed() where state.last[run.id] == nil {
            state.last[run.id] = 0
            state.sessions[run.id] = true
            if try await catchUp(run.id, scope: scope, state: &state, single: false, deliver: deliver) { return true }
        }
        return rootEnded
    }

    /// Delivers stored events after `last[runID]`; true when the follow is over.
    private func catchUp(_ runID: String, scope: Scope, state: inout State, single: Bool, deliver: @Sendable (RunEvent) async -> Bool) async throws -> Bool {
        while true {
            let after = state.last[runID] ?? 0
            let rows = try await reading(state) {
                try await stores.events.list(runID, in: scope, filter: EventFilter(afterSeq: after, limit: Self.page))
            }
            for row in rows {
                let event = RunEvent(row)
                state.last[runID] = row.seq
                guard await deliver(event) else { return true }
                if single && EventType.terminal.contains(event.type) { return true }
            }
            if rows.count < Self.page { return false }
        }
    }

    /// One database read, retried with backoff (100 ms doubling to 2 s)
    /// until it succeeds or has failed for `patience`.
    private func reading<T>(_ state: State, _ read: () async throws -> T) async throws -> T {
        var started: ContinuousClock.Instant?
        var backoff = Duration.milliseconds(100)
        while true {
            do {
                let value = try await read()
                if started != nil { Self.logger.info("a subscription reads the database again") }
                return value
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let since = started ?? .now
                if started == nil {
                    Self.logger.warning("a subscription cannot read the database; retrying", metadata: ["error": .string("\(error)")])
                }
                started = since
                guard ContinuousClock.now - since < patience else {
                    throw FollowEnded(reason: "the database could not be read for \(patience.components.seconds) s: \(error)", lastSeqs: state.last)
                }
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(2))
            }
        }
    }
}

/// A follow that could not go on: why, and the last `seq` delivered per run,
/// from which the subscriber can resubscribe (`after_seq`).
public struct FollowEnded: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public let lastSeqs: [String: Int64]
    public var description: String { reason }
}
