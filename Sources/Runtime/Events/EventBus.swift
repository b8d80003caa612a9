import Foundation

/// In-process fan-out of stored events to live subscribers. Each subscriber
/// has a bounded buffer; when it overflows the buffer is dropped and the
/// subscriber is told it lagged, so it re-reads from the database by `seq`
/// instead of making this process's memory grow.
///
/// `@unchecked Sendable`: `subscribers` is only touched while `lock` is held.
public final class EventBus: @unchecked Sendable {
    /// Which events a subscriber wants: one run, one session, or everything in
    /// a scope — always within one tenant.
    public struct Filter: Sendable, Hashable {
        public var orgID: String
        public var userID: String
        public var projectID: String?
        public var runID: String?
        public var sessionKey: String?

        public init(orgID: String, userID: String, projectID: String?, runID: String? = nil, sessionKey: String? = nil) {
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

    private let lock = NSLock()
    private var subscribers: [ObjectIdentifier: BusSubscription] = [:]
    /// The newest `seq` this process published per run, so a cross-process
    /// notification about events we already delivered costs nothing.
    private var published: [String: Int64] = [:]

    public init() {}

    public func subscribe(_ filter: Filter, capacity: Int = 1024) -> BusSubscription {
        let sub = BusSubscription(filter: filter, capacity: capacity, bus: self)
        lock.withLock { subscribers[ObjectIdentifier(sub)] = sub }
        return sub
    }

    func remove(_ sub: BusSubscription) {
        lock.withLock { _ = subscribers.removeValue(forKey: ObjectIdentifier(sub)) }
    }

    /// Hands committed events (of one run, in `seq` order, live-only ones
    /// without `seq` among them) to every matching subscriber.
    public func publish(_ events: [RunEvent], sessionKey: String) {
        guard !events.isEmpty else { return }
        let targets = lock.withLock {
            if let last = events.last(where: { $0.seq != nil }), let seq = last.seq {
                if EventType.terminal.contains(last.type) {
                    published[last.runID] = nil
                } else {
                    published[last.runID] = max(published[last.runID] ?? 0, seq)
                }
            }
            return Array(subscribers.values)
        }
        for sub in targets {
            let wanted = events.filter { sub.filter.admits($0, sessionKey: sessionKey) }
            if !wanted.isEmpty { sub.deliver(wanted) }
        }
    }

    /// Another process stored events of `runID` up to `seq`: subscribers that
    /// may want them re-read the database (they know their own scope).
    public func poke(runID: String, seq: Int64) {
        let targets: [BusSubscription] = lock.withLock {
            if let mine = published[runID], mine >= seq { return [] }
            return subscribers.values.filter { $0.filter.runID == nil || $0.filter.runID == runID }
        }
        for sub in targets { sub.markLagged(runID) }
    }

    /// Events may have been stored without any notification reaching this
    /// process (its LISTEN connection reconnected, the database was away):
    /// every subscriber re-reads the database.
    public func resyncAll() {
        let targets = lock.withLock { Array(subscribers.values) }
        for sub in targets { sub.markResync() }
    }

    /// Whether anyone listens to this run (cheap check before fetching rows).
    public func hasSubscribers(orgID: String, userID: String, projectID: String?) -> Bool {
        lock.withLock { subscribers.values.contains { $0.filter.orgID == orgID && $0.filter.userID == userID && $0.filter.projectID == projectID } }
    }

    public var subscriberCount: Int { lock.withLock { subscribers.count } }
}

/// One subscriber's bounded queue.
///
/// `@unchecked Sendable`: mutable state is only touched while `lock` is held.
public final class BusSubscription: @unchecked Sendable {
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

    public let filter: EventBus.Filter
    private let capacity: Int
    private weak var bus: EventBus?
    private let lock = NSLock()
    private var queue: [RunEvent] = []
    private var head = 0
    private var laggedRuns: Set<String> = []
    private var needsResync = false
    private var waiter: CheckedContinuation<Item?, Never>?
    private var waiterToken = 0
    private var closed = false

    init(filter: EventBus.Filter, capacity: Int, bus: EventBus) {
        self.filter = filter
        self.capacity = capacity
        self.bus = bus
    }

    func deliver(_ events: [RunEvent]) {
        var resume: (CheckedContinuation<Item?, Never>, Item)?
        lock.withLock {
            guard !closed else { return }
            for event in events {
                if !laggedRuns.isEmpty || queue.count - head >= capacity {
                    // Drop everything buffered: the reader will re-read from the database.
                    for e in queue[head...] { laggedRuns.insert(e.runID) }
                    laggedRuns.insert(event.runID)
                    queue.removeAll()
                    head = 0
                    continue
                }
                queue.append(event)
            }
            if let w = waiter, let item = takeLocked() {
                waiter = nil
                resume = (w, item)
            }
        }
        if let (w, item) = resume { w.resume(returning: item) }
    }

    func markResync() {
        var resume: (CheckedContinuation<Item?, Never>, Item)?
        lock.withLock {
            guard !closed else { return }
            needsResync = true
            if let w = waiter, let item = takeLocked() {
                waiter = nil
                resume = (w, item)
            }
        }
        if let (w, item) = resume { w.resume(returning: item) }
    }

    func markLagged(_ runID: String) {
        var resume: (CheckedContinuation<Item?, Never>, Item)?
        lock.withLock {
            guard !closed else { return }
            laggedRuns.insert(runID)
            if let w = waiter, let item = takeLocked() {
                waiter = nil
                resume = (w, item)
            }
        }
        if let (w, item) = resume { w.resume(returning: item) }
    }

    private func takeLocked() -> Item? {
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

    /// The next item, or nil once cancelled.
    public func next() async -> Item? { await wait(timeout: nil) }

    /// The next item, or `.idle` when nothing came within `timeout`.
    public func next(within timeout: Duration) async -> Item? { await wait(timeout: timeout) }

    private func wait(timeout: Duration?) async -> Item? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Item?, Never>) in
                let outcome: (immediate: Item??, token: Int) = lock.withLock {
                    if closed { return (.some(nil), 0) }
                    if let item = takeLocked() { return (.some(item), 0) }
                    waiter = cont
                    waiterToken += 1
                    return (.none, waiterToken)
                }
                if let immediate = outcome.immediate {
                    cont.resume(returning: immediate)
                } else if let timeout {
                    let token = outcome.token
                    Task {
                        try? await Task.sleep(for: timeout)
                        self.expire(token)
                    }
                }
            }
        } onCancel: {
            self.cancel()
        }
    }

    private func expire(_ token: Int) {
        let w: CheckedContinuation<Item?, Never>? = lock.withLock {
            guard waiterToken == token, let w = waiter else { return nil }
            waiter = nil
            return w
        }
        w?.resume(returning: .idle)
    }

    /// Stops delivery and wakes a waiting reader with nil.
    public func cancel() {
        let w: CheckedContinuation<Item?, Never>? = lock.withLock {
            closed = true
            defer { waiter = nil }
            return waiter
        }
        w?.resume(returning: nil)
        bus?.remove(self)
    }

    var buffered: Int { lock.withLock { queue.count - head } }
}
