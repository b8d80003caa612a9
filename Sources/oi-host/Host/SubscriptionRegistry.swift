import Foundation
import RPC

/// The live `runs/subscribe` streams of a connection, by id; all are
/// cancelled when the connection ends.
actor SubscriptionRegistry {
    private var tasks: [String: Task<Void, Never>] = [:]
    private var counter = 0

    func nextID() -> String {
        counter += 1
        return "sub_\(counter)"
    }

    func add(_ id: String, _ task: Task<Void, Never>) { tasks[id] = task }

    func finished(_ id: String) { tasks[id] = nil }

    func cancel(_ id: String) -> Bool {
        guard let task = tasks.removeValue(forKey: id) else { return false }
        task.cancel()
        return true
    }

    func cancelAll() {
        for task in tasks.values { task.cancel() }
        tasks = [:]
    }

    var count: Int { tasks.count }
}
