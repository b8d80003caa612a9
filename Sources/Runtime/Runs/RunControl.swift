import Foundation

/// Why an executing run is being stopped from outside, set before its task
/// is cancelled so the executor knows what to record.
///
/// `@unchecked Sendable`: `reason` is only touched while `lock` is held.
public final class RunControl: @unchecked Sendable {
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

    private let lock = NSLock()
    private var _reason: Reason?

    public init() {}

    public var reason: Reason? { lock.withLock { _reason } }

    /// Records the first reason only; later ones do not override it.
    @discardableResult
    public func stop(_ reason: Reason) -> Bool {
        lock.withLock {
            guard _reason == nil else { return false }
            _reason = reason
            return true
        }
    }
}
