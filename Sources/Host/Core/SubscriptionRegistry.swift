import Foundation
import RPC

/// The live `runs/subscribe` streams of a connection, by id; all are
/// cancelled when the connection ends. An id is reserved before the
/// `runs/subscribe` answer is sent and its stream attached right after, so an
/// immediate `runs/unsubscribe` always finds it.
///
/// `@unchecked Sendable`: `entries` and `counter` are only touched while `lock` is held.
final class SubscriptionRegistry: @unchecked Sendable {
    private enum Entry {
        case reserved
        case running(Task<Void, Never>)
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    private var counter = 0

    func reserve() -> String {
        lock.withLock {
            counter += 1
            let id = "sub_\(counter)"
            entries[id] = .reserved
            return id
        }
    }

    /// Starts the stream unless the id was cancelled in the meantime.
    func attach(_ id: String, _ start: () -> Task<Void, Never>) {
        lock.withLock {
            guard case .reserved? = entries[id] else { return }
            entries[id] = .running(start())
        }
    }

    func finished(_ id: String) { lock.withLock { _ = entries.removeValue(forKey: id) } }

    func cancel(_ id: String) -> Bool {
        let entry = lock.withLock { entries.removeValue(forKey: id) }
        if case .running(let task)? = entry { task.cancel() }
        return entry != nil
    }

    func cancelAll() {
        let all = lock.withLock { () -> [Entry] in
            defer { entries = [:] }
            return Array(entries.values)
        }
        for case .running(let task) in all { task.cancel() }
    }
}
