import Synchronization

/// Why an executing run is being stopped from outside, set before its task
/// is cancelled so the executor knows what to record; the run's supervisor
/// waits on it (`stopped()`) and cancels the execution when it is set.
public final class RunControl: Sendable {
    public enum Reason: String, Sendable {
        /// The user cancelled it: record `run.cancelled`.
        case cancelled
        /// Its time limit passed: record `run.failed` with `stop_reason: timeout`.
        case timeout
        /// This process is stopping: record nothing, release the lease; the
        /// run resumes from its last checkpoint on the next start.
        case shutdown
        /// Another worker took the run over: record nothing.
        case leaseLost
    }

    private struct State {
        var reason: Reason?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var reason: Reason? { state.withLock { $0.reason } }

    /// Records the first reason only; later ones do not override it. True
    /// when this call stopped the run.
    @discardableResult
    public func stop(_ reason: Reason) -> Bool {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>]? in
            guard s.reason == nil else { return nil }
            s.reason = reason
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        waiters?.forEach { $0.resume() }
        return waiters != nil
    }

    /// Returns once the run is stopped (or at once if it already is); a
    /// cancelled waiter returns too.
    func stopped() async {
        let id = state.withLock { s -> Int in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.reason != nil || Task.isCancelled { return true }
                    s.waiters[id] = cont
                    return false
                }
                if now { cont.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
