import JSON
import Logging
import ServiceLifecycle
import Synchronization

/// The live run feeds, one per (scope, run), and the service whose task
/// group runs them: no feed outlives the adapter, and a graceful shutdown
/// ends every event stream (so the HTTP server can finish).
final class RunFeeds: Service, Sendable {
    private let feeds = Mutex<[RunFeed.Key: RunFeed]>([:])
    private let starts: AsyncStream<RunFeed>
    private let startInput: AsyncStream<RunFeed>.Continuation
    private let host: HostLink
    private let logger: Logger
    /// Event streams open now (the seed's health reports them), ended all at once at shutdown.
    private let open = Mutex<[ObjectIdentifier: ClientQueue]>([:])

    init(host: HostLink, logger: Logger) {
        self.host = host
        self.logger = logger
        (starts, startInput) = AsyncStream.makeStream()
    }

    var streamCount: Int { open.withLock { $0.count } }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await feed in starts {
                    group.addTask { [host, logger] in
                        await feed.drive(host: host, logger: logger)
                        self.feeds.withLock { map in if map[feed.key] === feed { map[feed.key] = nil } }
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.stopAll()
        }
    }

    private func stopAll() {
        startInput.finish()
        let all = feeds.withLock { map -> [RunFeed] in
            defer { map = [:] }
            return Array(map.values)
        }
        for feed in all { feed.close() }
        for queue in open.withLock({ Array($0.values) }) { queue.finish() }
    }

    /// A place in the run's shared feed for a client that has seen up to
    /// `after`, or in a feed of its own when it is further behind than the
    /// shared one remembers.
    func join(runID: String, scope: JSONValue, after: Int64, queue: ClientQueue) -> (RunFeed, RunFeed.Client)? {
        let key = RunFeed.Key(scope: scope.description, runID: runID)
        for _ in 0..<3 {
            let (feed, created) = feeds.withLock { map -> (RunFeed, Bool) in
                if let feed = map[key], !feed.isClosed { return (feed, false) }
                let feed = RunFeed(key: key, scope: scope, after: after)
                map[key] = feed
                return (feed, true)
            }
            if created { startInput.yield(feed) }
            if let client = feed.join(after: after, queue: queue) { return (feed, client) }
            if !feed.isClosed { return privateFeed(key: key, scope: scope, after: after, queue: queue) }
        }
        return privateFeed(key: key, scope: scope, after: after, queue: queue)
    }

    private func privateFeed(key: RunFeed.Key, scope: JSONValue, after: Int64, queue: ClientQueue) -> (RunFeed, RunFeed.Client)? {
        let feed = RunFeed(key: key, scope: scope, after: after)
        guard let client = feed.join(after: after, queue: queue) else { return nil }
        startInput.yield(feed)
        return (feed, client)
    }

    /// Keeps a stream's queue on the list of open streams while `body` runs.
    func counting<T>(_ queue: ClientQueue, _ body: () async throws -> T) async rethrows -> T {
        let key = ObjectIdentifier(queue)
        open.withLock { $0[key] = queue }
        defer { open.withLock { $0[key] = nil } }
        return try await body()
    }
}
