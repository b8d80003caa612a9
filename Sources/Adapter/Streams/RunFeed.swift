import JSON
import Logging
import Synchronization

/// One host subscription to a run, fanned out to every SSE client of that
/// run in one scope, so a hundred browsers on a run cost the host one
/// subscription and the pipe one copy of each event. Each event's frame is
/// made once. Recent frames are kept (`retained`), so a client that joins
/// late or resumes with `Last-Event-ID` within them is served from here;
/// one further behind gets a feed of its own, which the host replays from
/// the database. Every client gets each stored event once, in `seq` order.
final class RunFeed: Sendable {
    struct Key: Hashable, Sendable {
        let scope: String
        let runID: String
    }

    /// One client's place in the feed.
    final class Client: Sendable {
        let queue: ClientQueue
        /// The last seq it was given.
        let lastSeq: Mutex<Int64>

        init(queue: ClientQueue, after: Int64) {
            self.queue = queue
            lastSeq = Mutex(after)
        }
    }

    enum Message: Sendable {
        case host(SubscriptionMessage)
        /// A client left; the feed ends if it was the last.
        case left
    }

    private struct State {
        var clients: [ObjectIdentifier: Client] = [:]
        var retained: [(seq: Int64, frame: [UInt8])] = []
        /// Every stored event from this seq on that arrived is in `retained`.
        var retainedFrom: Int64
        var closed = false
    }

    let key: Key
    let scope: JSONValue
    /// The feed's subscription starts after this seq.
    let startSeq: Int64
    private let state: Mutex<State>
    private let messages: AsyncStream<Message>
    private let input: AsyncStream<Message>.Continuation
    private let capacity: Int

    init(key: Key, scope: JSONValue, after: Int64, capacity: Int = 4096) {
        self.key = key
        self.scope = scope
        startSeq = after
        self.capacity = capacity
        state = Mutex(State(retainedFrom: after + 1))
        (messages, input) = AsyncStream.makeStream()
    }

    /// Adds a client that has seen everything up to `after`: it is given what
    /// is retained after that at once. nil when the feed cannot serve it
    /// (closed, or `after` is older than what it retains).
    func join(after: Int64, queue: ClientQueue) -> Client? {
        state.withLock { s in
            guard !s.closed, after + 1 >= s.retainedFrom else { return nil }
            let client = Client(queue: queue, after: after)
            for (seq, frame) in s.retained where seq > after {
                queue.push(frame)
                client.lastSeq.withLock { $0 = seq }
            }
            s.clients[ObjectIdentifier(client)] = client
            return client
        }
    }

    func leave(_ client: Client) {
        let empty = state.withLock { s -> Bool in
            s.clients[ObjectIdentifier(client)] = nil
            return s.clients.isEmpty
        }
        if empty { input.yield(.left) }
    }

    var clientCount: Int { state.withLock { $0.clients.count } }

    /// Subscribes and hands events out until the run ends, the host ends the
    /// subscription, or the last client leaves. Every client is ended after.
    func drive(host: HostLink, logger: Logger) async {
        let input = self.input
        var params: [String: JSONValue] = ["run_id": .string(key.runID), "scope": scope]
        if startSeq > 0 { params["after_seq"] = .int(startSeq) }
        let subscription: HostSubscription
        do {
            subscription = try await host.subscribe(.object(params)) { input.yield(.host($0)) }
        } catch {
            logger.warning("run feed could not subscribe", metadata: ["run_id": .string(key.runID), "error": .string("\(error)")])
            close()
            return
        }
        loop: for await message in messages {
            switch message {
            case .host(.event(let event)):
                if fanOut(event) { break loop }
            case .host(.ended(let reason)):
                logger.info("run feed ended by the host", metadata: ["run_id": .string(key.runID), "reason": .string(reason)])
                break loop
            case .left:
                let idle = state.withLock { s -> Bool in
                    if s.clients.isEmpty { s.closed = true }
                    return s.closed
                }
                if idle { break loop }
            }
            if Task.isCancelled { break }
        }
        close()
        await subscription.close()
    }

    /// Hands one event to every client that has not had it; true after the run's last event.
    private func fanOut(_ event: JSONValue) -> Bool {
        let seq = event["seq"]?.intValue
        let frame = SSEFrame.event(event, id: seq)
        state.withLock { s in
            if let seq {
                s.retained.append((seq, frame))
                if s.retained.count > capacity {
                    let dropped = s.retained.count - capacity
                    s.retainedFrom = s.retained[dropped - 1].seq + 1
                    s.retained.removeFirst(dropped)
                }
            }
            for client in s.clients.values {
                if let seq {
                    let fresh = client.lastSeq.withLock { last -> Bool in
                        guard seq > last else { return false }
                        last = seq
                        return true
                    }
                    if fresh { client.queue.push(frame) }
                } else {
                    client.queue.push(frame)
                }
            }
        }
        return SSEFrame.terminalTypes.contains(event["type"]?.stringValue ?? "")
    }

    /// No new clients; those there get what is queued, then their streams end.
    func close() {
        let clients = state.withLock { s -> [Client] in
            s.closed = true
            defer { s.clients = [:] }
            return Array(s.clients.values)
        }
        for client in clients { client.queue.finish() }
        input.finish()
    }

    var isClosed: Bool { state.withLock { $0.closed } }
}
