import Foundation
import Synchronization

/// Runs a blocking system call (the workspace tools' file I/O) on a thread of
/// its own, never on Swift's cooperative pool, which has only as many threads
/// as cores: a `read(2)` stuck on a hung filesystem would otherwise hold one
/// of them, and the tool runner's task group, which waits for every child,
/// would never return — timeout, `runs/cancel` and shutdown included.
///
/// The awaiting task resumes with `CancellationError` as soon as it is
/// cancelled, whether or not the thread has come back. The thread is then
/// abandoned: whatever it returns later is dropped, and one stuck in the
/// kernel for good stays stuck, holding its descriptors, until the process
/// exits. That thread is the price of a run that never stalls; `maxThreads`
/// bounds how many a hung filesystem can pile up.
enum BlockingIO {
    static let maxThreads = 64
    private static let threads = Mutex(0)

    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try Task.checkCancellation()
        guard reserveThread() else {
            throw ToolFailure("too many file operations are still blocked in the system; try again later")
        }
        let handoff = Handoff<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                // Cancelled before the continuation existed: it has been resumed, no thread starts.
                guard handoff.wait(continuation) else { return releaseThread() }
                let thread = Thread {
                    let result = Result { try body() }
                    releaseThread()
                    handoff.finish(result)
                }
                thread.name = "oi.tools.blocking-io"
                thread.start()
            }
        } onCancel: {
            handoff.finish(.failure(CancellationError()))
        }
    }

    private static func reserveThread() -> Bool {
        threads.withLock { count in
            guard count < maxThreads else { return false }
            count += 1
            return true
        }
    }

    private static func releaseThread() { threads.withLock { $0 -= 1 } }
}

/// The one continuation between an awaiting task and its thread: resumed
/// exactly once, by whichever comes first, the thread's result or the
/// task's cancellation.
private final class Handoff<T: Sendable>: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<T, any Error>)
        case cancelledEarly
        case resumed
    }

    private let state = Mutex(State.idle)

    /// Parks `continuation`; false (and resumed with `CancellationError`)
    /// when the task was cancelled before it got here.
    func wait(_ continuation: CheckedContinuation<T, any Error>) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            guard case .cancelledEarly = state else {
                state = .waiting(continuation)
                return false
            }
            state = .resumed
            return true
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    func finish(_ result: Result<T, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<T, any Error>? in
            switch state {
            case .waiting(let continuation):
                state = .resumed
                return continuation
            case .idle:
                // Only a cancellation can come before `wait`: the thread starts after it.
                state = .cancelledEarly
                return nil
            case .cancelledEarly, .resumed:
                return nil
            }
        }
        continuation?.resume(with: result)
    }
}
