import Runtime
import Synchronization

/// The live `runs/subscribe` streams of a connection, by id. An id is
/// reserved before the `runs/subscribe` answer is sent and its stream
/// attached right after, so an immediate `runs/unsubscribe` always finds it.
///
/// Streams are child tasks of `run()` — the connection's subscription
/// service — so none outlives the connection: `cancelAll()` ends `run()` and
/// every stream with it; `cancel(_:)` stops one through its own latch.
final class SubscriptionRegistry: Sendable {
    private enum Entry {
        case reserved
        case running(Latch)
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var counter = 0
    }

    private struct Start: Sendable {
        let id: String
        let stop: Latch
        let body: @Sendable () async -> Void
    }

    private let state = Mutex(State())
    private let starts: AsyncStream<Start>
    private let startContinuation: AsyncStream<Start>.Continuation

    init() {
        (starts, startContinuation) = AsyncStream.makeStream()
    }

    func reserve() -> String {
        state.withLock { s in
            s.counter += 1
            let id = "sub_\(s.counter)"
            s.entries[id] = .reserved
            return id
        }
    }

    /// Starts the stream unless the id was cancelled in the meantime.
    func attach(_ id: String, _ body: @escaping @Sendable () async -> Void) {
        let stop = Latch()
        let reserved = state.withLock { s -> Bool in
            guard case .reserved? = s.entries[id] else { return false }
            s.entries[id] = .running(stop)
            return true
        }
        if reserved { startContinuation.yield(Start(id: id, stop: stop, body: body)) }
    }

    /// Runs every attached stream until `cancelAll()`.
    func run() async {
        await withDiscardingTaskGroup { group in
            for await start in starts {
                group.addTask {
                    await withTaskGroup(of: Void.self) { stream in
                        stream.addTask { await start.body() }
                        stream.addTask { await start.stop.wait() }
                        await stream.next()
                        stream.cancelAll()
                    }
                    self.state.withLock { _ = $0.entries.removeValue(forKey: start.id) }
                }
            }
            group.cancelAll()
        }
    }

    func cancel(_ id: String) -> Bool {
        let entry = state.withLock { $0.entries.removeValue(forKey: id) }
        if case .running(let stop)? = entry { stop.open() }
        return entry != nil
    }

    /// Stops every stream and ends `run()`.
    func cancelAll() {
        let all = state.withLock { s -> [Entry] in
            defer { s.entries = [:] }
            return Array(s.entries.values)
        }
        for case .running(let stop) in all { stop.open() }
        startContinuation.finish()
    }
}
