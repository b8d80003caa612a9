import Foundation

/// A one-shot signal: once opened it stays open, and every waiter — present
/// or future — goes on. Waiting honours task cancellation (a cancelled waiter
/// returns at once), so a timed wait can race it against a sleep.
///
/// `@unchecked Sendable`: `isOpenValue` and `waiters` are only touched while
/// `lock` is held.
final class Latch: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpenValue = false
    private var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter: UInt64 = 0

    init() {}

    var isOpen: Bool { lock.withLock { isOpenValue } }

    func open() {
        let pending: [CheckedContinuation<Void, Never>] = lock.withLock {
            if isOpenValue { return [] }
            isOpenValue = true
            defer { waiters = [:] }
            return Array(waiters.values)
        }
        pending.forEach { $0.resume() }
    }

    /// Returns when the latch opens or the calling task is cancelled.
    func wait() async {
        let token: UInt64 = lock.withLock { nextWaiter += 1; return nextWaiter }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
                let ready: Bool = lock.withLock {
                    if isOpenValue || Task.isCancelled { return true }
                    waiters[token] = cont
                    return false
                }
                if ready { cont.resume() }
            }
        } onCancel: {
            lock.withLock { waiters.removeValue(forKey: token) }?.resume()
        }
    }

    /// Waits at most `timeout`; true if the latch is open.
    @discardableResult
    func wait(timeout: Duration) async -> Bool {
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
