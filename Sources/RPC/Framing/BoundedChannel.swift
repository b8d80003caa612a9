import Foundation

/// A bounded hand-off from a blocking producer thread to an async consumer.
/// The producer blocks when `capacity` items wait, so a fast peer cannot make
/// us buffer without bound.
///
/// `@unchecked Sendable`: every stored property is read and written only while
/// `condition` is locked.
public final class BoundedChannel<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private var waiter: CheckedContinuation<Element?, Never>?
    private var finished = false
    private let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// Blocks the calling (non-cooperative) thread while the channel is full.
    /// Returns false once the channel was finished by the consumer side.
    @discardableResult
    public func push(_ element: Element) -> Bool {
        condition.lock()
        while items.count - head >= capacity && !finished { condition.wait() }
        if finished { condition.unlock(); return false }
        if let waiter {
            self.waiter = nil
            condition.unlock()
            waiter.resume(returning: element)
            return true
        }
        items.append(element)
        condition.unlock()
        return true
    }

    public func finish() {
        condition.lock()
        finished = true
        let waiter = self.waiter
        self.waiter = nil
        condition.broadcast()
        condition.unlock()
        waiter?.resume(returning: nil)
    }

    /// The next element, or nil after `finish()` once everything was taken.
    public func next() async -> Element? {
        await withCheckedContinuation { (cont: CheckedContinuation<Element?, Never>) in
            condition.lock()
            if head < items.count {
                let e = items[head]
                head += 1
                if head > 1024 && head * 2 > items.count {
                    items.removeFirst(head)
                    head = 0
                }
                condition.signal()
                condition.unlock()
                cont.resume(returning: e)
            } else if finished {
                condition.unlock()
                cont.resume(returning: nil)
            } else {
                waiter = cont
                condition.unlock()
            }
        }
    }
}
