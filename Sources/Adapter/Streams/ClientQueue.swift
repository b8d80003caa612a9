import Synchronization

/// The frames waiting for one SSE client. The producer (a feed, on whatever
/// thread) never waits; the client's writer takes everything pending at
/// once. Bounded: a client that falls `capacity` bytes behind is ended, and
/// reconnects with `Last-Event-ID` — memory never grows with a slow reader.
final class ClientQueue: Sendable {
    private struct State {
        var frames: [[UInt8]] = []
        var bytes = 0
        var finished = false
        var overflowed = false
        var waiter: CheckedContinuation<[[UInt8]]?, Never>?
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 8 << 20) {
        self.capacity = capacity
    }

    /// False once the queue is finished (the frame is dropped).
    @discardableResult
    func push(_ frame: [UInt8]) -> Bool {
        let (waiter, accepted): (CheckedContinuation<[[UInt8]]?, Never>?, Bool) = state.withLock { s in
            if s.finished { return (nil, false) }
            if let waiter = s.waiter {
                s.waiter = nil
                return (waiter, true)
            }
            if s.bytes + frame.count > capacity {
                s.overflowed = true
                s.finished = true
                s.frames = []
                s.bytes = 0
                return (nil, false)
            }
            s.frames.append(frame)
            s.bytes += frame.count
            return (nil, true)
        }
        waiter?.resume(returning: [frame])
        return accepted
    }

    /// No more frames; what is queued is still taken.
    func finish() {
        let waiter = state.withLock { s -> CheckedContinuation<[[UInt8]]?, Never>? in
            s.finished = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: nil)
    }

    var isFinished: Bool { state.withLock { $0.finished } }
    var overflowed: Bool { state.withLock { $0.overflowed } }

    /// Everything pending, waiting for at least one frame; nil when finished
    /// and drained, or when the calling task is cancelled.
    func next() async -> [[UInt8]]? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (cont: CheckedContinuation<[[UInt8]]?, Never>) in
                let ready: [[UInt8]]?? = state.withLock { s in
                    if !s.frames.isEmpty {
                        defer { s.frames = []; s.bytes = 0 }
                        return .some(s.frames)
                    }
                    if s.finished || Task.isCancelled { return .some(nil) }
                    s.waiter = cont
                    return .none
                }
                if let ready { cont.resume(returning: ready) }
            }
        } onCancel: {
            self.finish()
        }
    }
}
