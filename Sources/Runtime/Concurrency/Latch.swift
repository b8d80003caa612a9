import Synchronization

/// A one-shot signal: once opened it stays open, and every waiter — present
/// or future — goes on. Waiting honours task cancellation (a cancelled waiter
/// returns at once), so a timed wait can race it against a sleep.
public final class Latch: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public var isOpen: Bool { state.withLock { $0.isOpen } }

    public func open() {
        let pending = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.isOpen { return [] }
            s.isOpen = true
            defer { s.waiters = [:] }
            return Array(s.waiters.values)
        }
        pending.forEach { $0.resume() }
    }

    /// Returns when the latch opens or the calling task is cancelled.
    public func wait() async {
        let token = state.withLock { s -> UInt64 in
            s.nextWaiter += 1
            return s.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { s -> Bool in
                    if s.isOpen || Task.isCancelled { return true }
                    s.waiters[token] = cont
                    return false
                }
                if ready { cont.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: token) }?.resume()
        }
    }

    /// Waits at most `timeout`; true if the latch is open.
    @discardableResult
    public func wait(timeout: Duration) async -> Bool {
        if isOpen { return true }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.wait() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return isOpen
    }
}
