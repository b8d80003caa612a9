import JSON
import Synchronization

/// What the host says about one subscription.
enum SubscriptionMessage: Sendable {
    /// A `runs/event`: the event object.
    case event(JSONValue)
    /// The subscription will send nothing more: `runs/subscription_ended`, or the host went away.
    case ended(String)
}

/// Hands each `runs/event` and `runs/subscription_ended` to the sink of its
/// subscription, in the order the host sent them (it is called on the
/// connection's reader thread). Subscriptions are keyed by the host's
/// generation too: a restarted host numbers its subscriptions from 1 again.
/// Notifications may arrive before the `runs/subscribe` answer has been
/// seen by whoever asked: they wait, in order, until it attaches.
final class SubscriptionRouter: Sendable {
    typealias Sink = @Sendable (SubscriptionMessage) -> Void

    private struct Key: Hashable {
        let generation: Int
        let id: String
    }

    private enum Entry {
        case attached(Sink)
        case waiting([SubscriptionMessage], since: ContinuousClock.Instant)
    }

    private let entries = Mutex<[Key: Entry]>([:])
    /// Notifications held for a subscription nobody attached: a few, briefly.
    private let maxWaiting = 100_000
    private let waitingFor: Duration = .seconds(60)

    /// From the reader thread: true when the notification was ours to route.
    func deliver(generation: Int, method: String, params: JSONValue?) -> Bool {
        let message: SubscriptionMessage
        switch method {
        case "runs/event":
            guard let event = params?["event"] else { return true }
            message = .event(event)
        case "runs/subscription_ended":
            message = .ended(params?["reason"]?.stringValue ?? "the subscription ended")
        default:
            return false
        }
        guard let id = params?["subscription_id"]?.stringValue else { return true }
        let key = Key(generation: generation, id: id)
        let sink: Sink? = entries.withLock { entries in
            switch entries[key] {
            case .attached(let sink)?:
                return sink
            case .waiting(var held, let since)?:
                if held.count < maxWaiting { held.append(message) }
                entries[key] = .waiting(held, since: since)
                return nil
            case nil:
                let now = ContinuousClock.now
                entries = entries.filter { if case .waiting(_, let since) = $0.value { return now - since < waitingFor } else { return true } }
                entries[key] = .waiting([message], since: now)
                return nil
            }
        }
        sink?(message)
        return true
    }

    /// Starts delivery to `sink`, first what already arrived. The held
    /// messages are handed on under the lock, so the reader thread's next one
    /// cannot overtake them (a sink only queues; it never blocks).
    func attach(generation: Int, id: String, sink: @escaping Sink) {
        let key = Key(generation: generation, id: id)
        entries.withLock { entries in
            if case .waiting(let held, _)? = entries[key] { held.forEach(sink) }
            entries[key] = .attached(sink)
        }
    }

    func detach(generation: Int, id: String) {
        _ = entries.withLock { $0.removeValue(forKey: Key(generation: generation, id: id)) }
    }

    /// The host of `generation` is gone: every subscription of it ends.
    func endAll(generation: Int, reason: String) {
        let sinks: [Sink] = entries.withLock { entries in
            var sinks: [Sink] = []
            for (key, entry) in entries where key.generation == generation {
                if case .attached(let sink) = entry { sinks.append(sink) }
                entries[key] = nil
            }
            return sinks
        }
        for sink in sinks { sink(.ended(reason)) }
    }
}
