import Runtime
import Synchronization

/// Events gathered by a delivery callback, read by the test afterwards.
public final class EventCollector: Sendable {
    private let collected = Mutex<[RunEvent]>([])

    public init() {}

    public func append(_ event: RunEvent) { collected.withLock { $0.append(event) } }

    public var events: [RunEvent] { collected.withLock { $0 } }
}
