import Foundation
import Logging
import Store

/// The worker side of the durable queue: claims pending runs (FIFO within a
/// session, `concurrency` at a time), keeps their leases alive with
/// heartbeats, takes over runs whose worker died, and stops runs on cancel,
/// timeout or shutdown. Pending runs are rows; nothing queued lives only here.
public final class RunQueue: @unchecked Sendable {
    // @unchecked: `active`, `stopping` and `wakeup` are only touched while `lock` is held.
    public let owner: String
    let stores: Database
    let executor: Executor
    public let concurrency: Int
    let lease: Duration
    let poll: Duration
    /// When set, no other run is claimed (`oi-host run` executes its own run only).
    private var only: String?
    /// Whether `run()` is claiming (on SQLite only the queue lock's holder does).
    private var claiming = false
    private let logger = Logger(label: "oi.runtime.queue")
    private let lock = NSLock()
    /// Runs this process executes; `inline` ones are group members run by
    /// their parent (they share its concurrency slot).
    private var active: [String: (control: RunControl, task: Task<Executor.Outcome, Never>, inline: Bool)] = [:]
    private var stopping = false
    private var wakeup: CheckedContinuation<Void, Never>?
    private var woken = false

    init(stores: Database, executor: Executor, concurrency: Int, lease: Duration, poll: Duration = .seconds(1)) {
        self.stores = stores
        self.executor = executor
        self.concurrency = max(1, concurrency)
        self.lease = lease
        self.poll = poll
        self.owner = WorkerIdentity.make()
    }

    /// From now on claim `runID` only (and nothing once it has ended).
    public func restrict(to runID: String) {
        lock.withLock { only = runID }
    }

    /// Whether this process is claiming runs now.
    public var isClaiming: Bool { lock.withLock { claiming } }

    /// Claims and executes runs until `shutdown()`.
    public func run() async {
        lock.withLock { claiming = true }
        defer { lock.withLock { claiming = false } }
        var lastReclaim = ContinuousClock.now - .seconds(3600)
        while !isStopping {
            if ContinuousClock.now - lastReclaim >= lease / 2 {
                lastReclaim = ContinuousClock.now
                await reclaimExpired()
            }
            await fill()
            await waitForWork()
        }
        let running = lock.withLock { active.values.map { $0 } }
        for entry in running {
            entry.control.stop(.shutdown)
            entry.task.cancel()
        }
        for entry in running { _ = await entry.task.value }
    }

    /// Stops claiming; executing runs are released (they resume on the next start).
    public func shutdown() {
        lock.withLock { stopping = true }
        wake()
    }

    /// A new run may be claimable now.
    public func wake() {
        let w: CheckedContinuation<Void, Never>? = lock.withLock {
            woken = true
            defer { wakeup = nil }
            return wakeup
        }
        w?.resume()
    }

    /// Stops a run this process executes; false if it runs elsewhere (or not at all).
    @discardableResult
    public func cancel(_ runID: String, reason: RunControl.Reason = .cancelled) -> Bool {
        guard let entry = lock.withLock({ active[runID] }) else { return false }
        if entry.control.stop(reason) { entry.task.cancel() }
        return true
    }

    public var activeRunIDs: [String] { lock.withLock { Array(active.keys) } }

    public var isStopping: Bool { lock.withLock { stopping } }

    /// Runs counted against `concurrency` (inline members ride on their parent's slot).
    private var slotsInUse: Int { lock.withLock { active.values.filter { !$0.inline }.count } }

    private func waitForWork() async {
        let poll = self.poll
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                    let now: Bool = self.lock.withLock {
                        if self.woken || self.stopping { self.woken = false; return true }
                        self.wakeup = cont
                        return false
                    }
                    if now { cont.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: poll) }
            await group.next()
            group.cancelAll()
            self.wake()
            self.lock.withLock { self.woken = false }
        }
    }

    private func fill() async {
        while !isStopping, slotsInUse < concurrency {
            do {
                guard let run = try await stores.queue.claimNext(owner: owner, leaseDuration: lease, only: lock.withLock({ only })) else { return }
                start(run)
            } catch {
                logger.error("claiming a run failed", metadata: ["error": .string("\(error)")])
                return
            }
        }
    }

    private func reclaimExpired() async {
        do {
            var room = concurrency - slotsInUse
            guard room > 0 else { return }
            let only = lock.withLock { self.only }
            let abandoned = try await stores.queue.claimAbandoned(owner: owner, leaseDuration: lease, limit: room, only: only, isAbandoned: WorkerIdentity.isDead)
            for run in abandoned {
                logger.info("resuming a run whose worker process is gone", metadata: ["run_id": .string(run.id)])
                start(run)
            }
            room -= abandoned.count
            guard room > 0 else { return }
            for run in try await stores.queue.claimExpired(owner: owner, leaseDuration: lease, limit: room, only: only) {
                logger.info("resuming a run whose worker stopped", metadata: ["run_id": .string(run.id)])
                start(run)
            }
        } catch {
            logger.error("reclaiming runs failed", metadata: ["error": .string("\(error)")])
        }
    }

    private func start(_ run: Run) {
        let control = RunControl()
        let task = Task {
            let outcome = await self.supervise(run, control: control)
            self.lock.withLock { _ = self.active.removeValue(forKey: run.id) }
            self.wake()
            return outcome
        }
        lock.withLock { active[run.id] = (control, task, false) }
    }

    /// Executes a claimed run under its lease: heartbeats, time limit, and
    /// the lease given back if the run was released.
    private func supervise(_ run: Run, control: RunControl) async -> Executor.Outcome {
        let heartbeat = Task { await self.heartbeat(run, control: control) }
        let timeout = Task { await self.enforceTimeout(run, control: control) }
        let outcome: Executor.Outcome
        if run.agentID.hasPrefix(SerialOrchestrator.agentPrefix) {
            outcome = await SerialOrchestrator(queue: self).execute(run, control: control)
        } else {
            outcome = await executor.execute(run, control: control)
        }
        heartbeat.cancel()
        timeout.cancel()
        if outcome == .released {
            _ = try? await stores.queue.release(run.id, in: run.scope, owner: owner)
        }
        return outcome
    }

    /// Executes a run this worker claimed on behalf of a running parent
    /// (a group member), in the parent's task, with its own lease, heartbeat
    /// and cancellation: `runs/cancel` of the member stops only it, while
    /// stopping the parent stops it too (cancel → cancelled; shutdown or a
    /// lost lease → released, to resume later).
    func executeInline(_ run: Run, parent: RunControl) async -> Executor.Outcome {
        let control = RunControl()
        let task = Task { await self.supervise(run, control: control) }
        lock.withLock { active[run.id] = (control, task, true) }
        let outcome = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            let reason: RunControl.Reason
            switch parent.reason {
            case .shutdown?, .leaseLost?: reason = .shutdown
            case .cancelled?, .timeout?, nil: reason = .cancelled
            }
            if control.stop(reason) { task.cancel() }
        }
        lock.withLock { _ = active.removeValue(forKey: run.id) }
        return outcome
    }

    /// Renews the lease a third of the way through; notices a cancel
    /// requested through another process and a lease taken by another worker.
    private func heartbeat(_ run: Run, control: RunControl) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: lease / 3)
            if Task.isCancelled { return }
            do {
                guard let lease = try await stores.queue.heartbeat(run.id, in: run.scope, owner: owner, leaseDuration: lease) else {
                    cancel(run.id, reason: .leaseLost)
                    return
                }
                if lease.cancelRequested { cancel(run.id, reason: .cancelled) }
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
        if !Task.isCancelled { cancel(run.id, reason: .timeout) }
    }
}
