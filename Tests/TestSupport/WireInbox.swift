import JSON
import RPC

/// Sorts the lines a host writes into answers to the client's pending calls,
/// notifications, and everything else; each kind is waited for separately,
/// in arrival order.
actor WireInbox {
    enum Kind: Hashable { case response(RequestID), notification, other }

    private var queues: [Kind: [JSONValue]] = [:]
    private var waiters: [Kind: (token: UInt64, continuation: CheckedContinuation<JSONValue?, Never>)] = [:]
    private var expected: Set<RequestID> = []
    private var nextToken: UInt64 = 0
    private var closed = false

    /// The answer with `id` is a call's, not an `other` line.
    func expect(_ id: RequestID) { expected.insert(id) }

    func route(_ value: JSONValue) {
        let kind: Kind
        if value["method"] != nil && value["id"] == nil {
            kind = .notification
        } else if let raw = value["id"], let id = RequestID(raw), expected.contains(id) {
            expected.remove(id)
            kind = .response(id)
        } else {
            kind = .other
        }
        if let waiter = waiters.removeValue(forKey: kind) {
            waiter.continuation.resume(returning: value)
        } else {
            queues[kind, default: []].append(value)
        }
    }

    /// The output ended: waiters get nil, and so does every later wait for a kind with nothing queued.
    func close() {
        closed = true
        for waiter in waiters.values { waiter.continuation.resume(returning: nil) }
        waiters = [:]
    }

    /// The next line of `kind`, or nil once the output has ended or `limit` passed.
    func take(_ kind: Kind, within limit: Duration) async -> JSONValue? {
        if var queue = queues[kind], !queue.isEmpty {
            let value = queue.removeFirst()
            queues[kind] = queue
            return value
        }
        if closed { return nil }
        nextToken += 1
        let token = nextToken
        return await withTaskGroup(of: Void.self) { group in
            group.addTask {
                guard (try? await Task.sleep(for: limit)) != nil else { return }
                await self.expire(kind, token: token)
            }
            let value = await withCheckedContinuation { waiters[kind] = (token, $0) }
            group.cancelAll()
            return value
        }
    }

    private func expire(_ kind: Kind, token: UInt64) {
        guard let waiter = waiters[kind], waiter.token == token else { return }
        waiters[kind] = nil
        waiter.continuation.resume(returning: nil)
    }
}
