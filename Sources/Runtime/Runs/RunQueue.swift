import Foundation
import Logging
import Store
import Synchronization

/// The worker side of the durable queue: claims pending runs (FIFO within a
/// session, `concurrency` at a time), keeps their leases alive with
/// heartbeats, takes over runs whose worker died, and stops runs on cancel,
/// timeout or shutdown. Pending runs are rows; nothing queued lives only here.
/// Every run executes as a child task of `run()` (a group member as a child
/// of its parent's), so stopping the queue ends them all before it returns.
public final class RunQueue: Sendable {
    public let owner: String
    let stores: Database
    let executor: Executor
    /// Run kinds the agent loop does not execute itself (group runs).
    let drivers: RunDrivers
    public let concurrency: Int
    let lease: Duration
    let poll: Duration
    private let logger = Logger(label: "oi.runtime.queue")

    private struct State {
        /// When set, no other run is claimed (`oi-host run` executes its own run only).
        var only: String?
        /// Whether `run()` is claiming (on SQLite only the queue lock's holder does).
        var claiming = false
        /// Runs this process executes; a group member names the parent that
        /// runs it inline (it shares the parent's concurrency slot).
        var active: [String: (control: RunControl, parent: String?, run: Run)] = [:]
        var stopping = false
        var wakeup: CheckedContinuation<Void, Never>?
        var woken = false
    }

    private let state = Mutex(State())

    init(stores: Database, executor: Executor, drivers: RunDrivers = RunDrivers(), concurrency: Int, lease: Duration, poll: Duration = .seconds(1)) {
        self.stores = stores
        self.executor = executor
        self.drivers = drivers
        self.concurrency = max(1, concurrency)
        self.lease = lease
        self.poll = poll
        self.owner = WorkerIdentity.make()
    }

    /// From now on claim `runID` only (and nothing once it has ended).
    public func restrict(to runID: String) {
        state.withLock { $0.only = runID }
    }

    /// Whether this process is claiming runs now.
    public var isClaiming: Bool { state.withLock { $0.claiming } }

    public var isStopping: Bool { state.withLock { $0.stopping } }

    public var activeRunIDs: [String] { state.withLock { Array($0.active.keys) } }

    /// The runs this process executes now, as they were claimed.
    var activeRuns: [Run] { state.withLock { $0.active.values.map(\.run) } }

    /// Runs counted against `concurrency` (inline members ride on their parent's slot).
    private var slotsInUse: Int { state.withLock { $0.active.values.filter { $0.parent == nil }.count } }

    /// Claims and executes runs until `shutdown()`; returns once every run it
    /// started has stopped (released ones resume on the next start).
    public func run() async {
        state.withLock { $0.claiming = true }
        defer { state.withLock { $0.claiming = false } }
        await withDiscardingTaskGroup { group in
            var lastReclaim = ContinuousClock.now - .seconds(3600)
            while !isStopping {
                // Orphans first: a free slot looks for runs of dead workers (at most once a second), so a
                // killed worker's runs resume within about a second of a slot freeing, even while new runs keep coming.
                if slotsInUse < concurrency, ContinuousClock.now - lastReclaim >= min(lease / 2, Self.reclaimInterval) {
                    lastReclaim = ContinuousClock.now
                    for run in await reclaimExpired() { start(run, in: &group) }
                }
                await fanIn()
                for run in await claimable() { start(run, in: &group) }
                await waitForWork()
            }
            let running = state.withLock { $0.active.values.map(\.control) }
            for control in running { control.stop(.shutdown) }
        }
    }

    /// How often a worker with a free slot looks for abandoned runs at most.
    static let reclaimInterval = Duration.seconds(1)

    /// Stops claiming; executing runs are released (they resume on the next start).
    public func shutdown() {
        let running = state.withLock { s -> [RunControl] in
            s.stopping = true
            return s.active.values.map(\.control)
        }
        for control in running { control.stop(.shutdown) }
        wake()
    }

    /// A new run may be claimable now.
    public func wake() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.woken = true
            defer { s.wakeup = nil }
            return s.wakeup
        }
        waiter?.resume()
    }

    /// Stops a run this process executes; false if it runs elsewhere (or not at all).
    @discardableResult
    public func cancel(_ runID: String, reason: RunControl.Reason = .cancelled) -> Bool {
        guard let entry = state.withLock({ $0.active[runID] }) else { return false }
        entry.control.stop(reason)
        return true
    }

    private func waitForWork() async {
        let poll = self.poll
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                    let now = self.state.withLock { s -> Bool in
                        if s.woken || s.stopping { s.woken = false; return true }
                        s.wakeup = cont
                        return false
                    }
                    if now { cont.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: poll) }
            await group.next()
            group.cancelAll()
            self.wake()
            self.state.withLock { $0.woken = false }
        }
    }

    /// Pending runs claimed for the free slots.
    private func claimable() async -> [Run] {
        var claimed: [Run] = []
        while !isStopping, slotsInUse + claimed.count < concurrency {
            do {
                let only = state.withLock { $0.only }
                guard let run = try await stores.queue.claimNext(owner: owner, leaseDuration: lease, only: only) else { break }
                claimed.append(run)
            } catch {
                logger.error("claiming a run failed", metadata: ["error": .string("\(error)")])
                break
            }
        }
        return claimed
    }

    /// Running runs whose worker is gone (or whose lease expired), claimed for the free slots.
    private func reclaimExpired() async -> [Run] {
        var room = concurrency - slotsInUse
        guard room > 0 else { return [] }
        var claimed: [Run] = []
        do {
            let only = state.withLock { $0.only }
            let abandoned = try await stores.queue.claimAbandoned(owner: owner, leaseDuration: lease, limit: room, only: only, isAbandoned: WorkerIdentity.isDead)
            for run in abandoned { logger.info("resuming a run whose worker process is gone", metadata: ["run_id": .string(run.id)]) }
            claimed += abandoned
            room -= abandoned.count
            guard room > 0 else { return claimed }
            for run in try await stores.queue.claimExpired(owner: owner, leaseDuration: lease, limit: room, only: only) {
                logger.info("resuming a run whose worker stopped", metadata: ["run_id": .string(run.id)])
                claimed.append(run)
            }
        } catch {
            logger.error("reclaiming runs failed", metadata: ["error": .string("\(error)")])
        }
        return claimed
    }

    private func start(_ run: Run, in group: inout DiscardingTaskGroup) {
        let control = RunControl()
        state.withLock { $0.active[run.id] = (control, nil, run) }
        group.addTask {
            _ = await self.supervise(run, control: control)
            self.state.withLock { _ = $0.active.removeValue(forKey: run.id) }
            self.wake()
        }
    }

    /// Executes a claimed run under its lease: heartbeats and time limit
    /// beside it, a stop (cancel, timeout, shutdown, lost lease) cancels it,
    /// and the lease is given back if the run was released.
    private func supervise(_ run: Run, control: RunControl) async -> Executor.Outcome {
        // A cancel requested before this claim (while the run parked, or before a release) stops it at once.
        if run.cancelRequested { control.stop(.cancelled) }
        // Everything logged while the run executes names it (`RunLogContext`).
        let outcome = await RunLogContext.$current.withValue(RunLogContext(runID: run.id, scope: run.scope)) {
            await withTaskGroup(of: Executor.Outcome?.self) { group -> Executor.Outcome in
                group.addTask {
                    let driver = self.drivers.driver(for: run, on: self) ?? self.executor
                    return await driver.execute(run, control: control)
                }
                group.addTask { await control.stopped(); return nil }
                group.addTask { await self.heartbeat(run, control: control); return nil }
                group.addTask { await self.enforceTimeout(run, control: control); return nil }
                var result: Executor.Outcome = .released
                for await next in group {
                    if let outcome = next {
                        result = outcome
                        group.cancelAll()
                    } else if let reason = control.reason {
                        // Stopped: the members it runs inline learn why before anything
                        // is cancelled, then the execution answers with what it recorded.
                        stopMembers(of: run.id, because: reason)
                        group.cancelAll()
                    }
                }
                return result
            }
        }
        if outcome == .released {
            _ = try? await stores.queue.release(run.id, in: run.scope, owner: owner)
        }
        return outcome
    }

    /// Executes a run this worker claimed on behalf of a running parent
    /// (a group member), within the parent's execution, with its own lease,
    /// heartbeat and stop: `runs/cancel` of the member stops only it, while
    /// stopping the parent stops it too (cancel → cancelled; shutdown or a
    /// lost lease → released, to resume later).
    func executeInline(_ run: Run, parentRunID: String) async -> Executor.Outcome {
        let control = RunControl()
        state.withLock { $0.active[run.id] = (control, parentRunID, run) }
        defer { state.withLock { _ = $0.active.removeValue(forKey: run.id) } }
        return await supervise(run, control: control)
    }

    /// A stopped parent's members stop too, for the matching reason.
    private func stopMembers(of parentRunID: String, because reason: RunControl.Reason) {
        let members = state.withLock { $0.active.values.filter { $0.parent == parentRunID }.map(\.control) }
        let memberReason: RunControl.Reason = (reason == .shutdown || reason == .leaseLost) ? .shutdown : .cancelled
        for control in members { control.stop(memberReason) }
    }

    /// Renews the lease a third of the way through; notices a cancel
    /// requested through another process and a lease taken by another worker.
    private func heartbeat(_ run: Run, control: RunControl) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: lease / 3)
            if Task.isCancelled { return }
            do {
                guard let lease = try await stores.queue.heartbeat(run.id, in: run.scope, owner: owner, leaseDuration: lease) else {
                    control.stop(.leaseLost)
                    return
                }
                if lease.cancelRequested { control.stop(.cancelled) }
            } catch {
                logger.warning("heartbeat failed", metadata: ["run_id": .string(run.id), "error": .string("\(error)")])
            }
        }
    }

    private func enforceTimeout(_ run: Run, control: RunControl) async {
        let spec = (try? Executor.spec(of: run))?.over(executor.defaults)
        guard let ms = spec?.timeoutMs else { return }
        let started = run.startedAt ?? run.createdAt
        let remaining = started.addingTimeInterval(Double(ms) / 1000).timeIntervalSinceNow
        try? await Task.sleep(for: .milliseconds(Int64(max(0, remaining) * 1000)))
        if !Task.isCancelled { control.stop(.timeout) }
    }
}
