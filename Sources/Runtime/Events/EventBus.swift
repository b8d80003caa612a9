import Foundation
import Synchronization

/// In-process fan-out of stored events to live subscribers. Each subscriber
/// has a bounded buffer; when it overflows the buffer is dropped and the
/// subscriber is told it lagged, so it re-reads from the database by `seq`
/// instead of making this process's memory grow.
public final class EventBus: Sendable {
    /// Which events a subscriber wants: one run, one session, or everything in
    /// a scope — always within one tenant.
    public struct Filter: Sendable, Hashable {
        public var orgID: String
        public var userID: String
        public var projectID: String?
        public var runID: String?
        public var sessionKey: String?
        /// A whole delegation tree: the root and its descendants. The bus
        /// cannot tell a run's root from its events: `RunFollower` filters.
        public var rootRunID: String?

        public init(orgID: String, userID: String, projectID: String?, runID: String? = nil, sessionKey: String? = nil, rootRunID: String? = nil) {
            self.rootRunID = rootRunID
            self.orgID = orgID
            self.userID = userID
            self.projectID = projectID
            self.runID = runID
            self.sessionKey = sessionKey
        }

        func admits(_ event: RunEvent, sessionKey: String) -> Bool {
            guard event.orgID == orgID, event.userID == userID, event.projectID == projectID else { return false }
            if let runID, event.runID != runID { return false }
            if let key = self.sessionKey, key != sessionKey { return false }
            return true
        }
    }

    private struct State {
        var subscribers: [ObjectIdentifier: BusSubscription] = [:]
        /// The newest `seq` this process published per run, so a cross-process
        /// notification about events we already delivered costs nothing.
        var published: [String: Int64] = [:]
        var taps: [@Sendable ([RunEvent]) -> Void] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func subscribe(_ filter: Filter, capacity: Int = 1024) -> BusSubscription {
        let sub = BusSubscription(filter: filter, capacity: capacity) { [weak self] sub in self?.remove(sub) }
        state.withLock { $0.subscribers[ObjectIdentifier(sub)] = sub }
        return sub
    }

    private func remove(_ sub: BusSubscription) {
        state.withLock { _ = $0.subscribers.removeValue(forKey: ObjectIdentifier(sub)) }
    }

    /// Adds an observer of every batch this process publishes (the trace
    /// exporter watches for ended runs). It is called inline: it must not block.
    public func tap(_ observer: @escaping @Sendable ([RunEvent]) -> Void) {
        state.withLock { $0.taps.append(observer) }
    }

    /// Hands committed events (of one run, in `seq` order, live-only ones
    /// without `seq` among them) to every matching subscriber.
    public func publish(_ events: [RunEvent], sessionKey: String) {
        guard !events.isEmpty else { return }
        let (targets, taps) = state.withLock { state in
            if let last = events.last(where: { $0.seq != nil }), let seq = last.seq {
                if EventType.terminal.contains(last.type) {
                    state.published[last.runID] = nil
                } else {
                    state.published[last.runID] = max(state.published[last.runID] ?? 0, seq)
                }
            }
            return (Array(state.subscribers.values), state.taps)
        }
        for sub in targets {
            let wanted = events.filter { sub.filter.admits($0, sessionKey: sessionKey) }
            if !wanted.isEmpty { sub.deliver(wanted) }
        }
        for tap in taps { tap(events) }
    }

    /// Another process stored events of `runID` up to `seq`: subscribers that
    /// may want them re-read the database (they know their own scope).
    public func poke(runID: String, seq: Int64) {
        let targets: [BusSubscription] = state.withLock { state in
            if let mine = state.published[runID], mine >= seq { return [] }
            return state.subscribers.values.filter { $0.filter.runID == nil || $0.filter.runID == runID }
        }
        for sub in targets { sub.markLagged(runID) }
    }

    /// Events may have been stored without any notification reaching this
    /// process (its LISTEN connection reconnected, the database was away):
    /// every subscriber re-reads the database.
    public func resyncAll() {
        let targets = state.withLock { Array($0.subscribers.values) }
        for sub in targets { sub.markResync() }
    }

    /// Whether anyone listens to this run (cheap check before fetching rows).
    public func hasSubscribers(orgID: String, userID: String, projectID: String?) -> Bool {
        state.withLock { state in
            state.subscribers.values.contains { $0.filter.orgID == orgID && $0.filter.userID == userID && $0.filter.projectID == projectID }
        }
    }

    public var subscriberCount: Int { state.withLock { $0.subscribers.count } }
}

/// One subscriber's bounded queue, read by one task.
public final class BusSubscription: Sendable {
    public enum Item: Sendable, Equatable {
        case event(RunEvent)
        /// Events were dropped for these runs after the last one delivered:
        /// read them back from the database.
        case lagged(runIDs: Set<String>)
        /// Anything may have been missed: read every followed run back, and
        /// look for runs not seen yet.
        case resync
        /// Nothing arrived within the wait given to `next(within:)`.
        case idle
    }

    private struct State {
        var queue: [RunEvent] = []
        var head = 0
        var laggedRuns: Set<String> = []
        var needsResync = false
        var waiter: CheckedContinuation<Item?, Never>?
        /// The current `next(within:)` ran out of time.
        var timedOut = false
        var closed = false

        mutating func take() -> Item? {
            if needsResync {
                // A resync re-reads every followed run, lagged ones included.
                needsResync = false
                laggedRuns = []
                return .resync
            }
            if !laggedRuns.isEmpty {
                let runs = laggedRuns
                laggedRuns = []
                return .lagged(runIDs: runs)
            }
            guard head < queue.count else { return nil }
            let e = queue[head]
            head += 1
            if head == queue.count { queue.removeAll(keepingCapacity: true); head = 0 }
            return .event(e)
        }

        /// The waiting reader and what to hand it, if there is both.
        mutating func wake() -> (CheckedContinuation<Item?, Never>, Item)? {
            guard let w = waiter, let item = take() else { return nil }
            waiter = nil
            return (w, item)
        }
    }

    public let filter: EventBus.Filter
    private let capacity: Int
    private let onCancel: @Sendable (BusSubscription) -> Void
    private let state = Mutex(State())

    init(filter: EventBus.Filter, capacity: Int, onCancel: @escaping @Sendable (BusSubscription) -> Void) {
        self.filter = filter
        self.capacity = capacity
        self.onCancel = onCancel
    }

    func deliver(_ events: [RunEvent]) {
        let capacity = self.capacity
        let resume = state.withLock { s -> (CheckedContinuation<Item?, Never>, Item)? in
            guard !s.closed else { return nil }
            for event in events {
                if !s.laggedRuns.isEmpty || s.queue.count - s.head >= capacity {
                    // Drop everything buffered: the reader will re-read from the database.
                    for e in s.queue[s.head...] { s.laggedRuns.insert(e.runID) }
                    s.laggedRuns.insert(event.runID)
                    s.queue.removeAll()
                    s.head = 0
                    continue
                }
                s.queue.append(event)
            }
            return s.wake()
        }
        if let (w, item) = resume { w.resume(returning: item) }
    }

    func markResync() {
        let resume = state.withLock { s -> (CheckedContinuation<Item?, Never>, Item)? in
            guard !s.closed else { return nil }
            s.needsResync = true
            return s.wake()
        }
        if let (w, item) = resume { w.resume(returning: item) }
    }

    func markLagged(_ runID: String) {
        let resume = state.withLock { s -> (CheckedContinuation<Item?, Never>, Item)? in
            guard !s.closed else { return nil }
            s.laggedRuns.insert(runID)
            return s.wake()
        }
        if let (w, item) = resume { w.resume(returning: item) }
    }

    /// The next item, or nil once cancelled.
    public func next() async -> Item? { await waitForItem() }

    /// The next item, or `.idle` when nothing came within `timeout`. The
    /// timer is a child task, cancelled as soon as an item arrives.
    public func next(within timeout: Duration) async -> Item? {
        state.withLock { $0.timedOut = false }
        return await withTaskGroup(of: Void.self, returning: Item?.self) { group in
            group.addTask { [self] in
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                let waiter = state.withLock { s -> CheckedContinuation<Item?, Never>? in
                    s.timedOut = true
                    defer { s.waiter = nil }
                    return s.waiter
                }
                waiter?.resume(returning: .idle)
            }
            let item = await waitForItem()
            group.cancelAll()
            await group.waitForAll()
            // The timer may have fired after the item came: a later wait starts fresh.
            state.withLock { $0.timedOut = false }
            return item
        }
    }

    private func waitForItem() async -> Item? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Item?, Never>) in
                let immediate: Item?? = state.withLock { s in
                    if s.closed { return .some(nil) }
                    if let item = s.take() { return .some(item) }
                    if s.timedOut { return .some(.idle) }
                    s.waiter = cont
                    return .none
                }
                if let immediate { cont.resume(returning: immediate) }
            }
        } onCancel: {
            self.cancel()
        }
    }

    /// Stops delivery and wakes a waiting reader with nil.
    public func cancel() {
        let w = state.withLock { s -> CheckedContinuation<Item?, Never>? in
            s.closed = true
            defer { s.waiter = nil }
            return s.waiter
        }
        w?.resume(returning: nil)
        onCancel(self)
    }

    var buffered: Int { state.withLock { $0.queue.count - $0.head } }

    /// Whether a reader is parked in `next` now (tests wait for it before waking it).
    var isWaiting: Bool { state.withLock { $0.waiter != nil } }
}
