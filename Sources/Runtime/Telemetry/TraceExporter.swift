import Foundation
import HTTP
import JSON
import Logging
import Store
import Synchronization

/// Sends the spans of every run this process ends to an OTLP/HTTP collector
/// (`POST {otel.endpoint}/v1/traces`, JSON), in the background. A run never
/// waits for it: the event bus hands over the ids of ended runs, which go
/// into a bounded queue (full: the run is dropped and counted); one loop,
/// a child task of `Engine.run()`, gathers them for `otel.batchMs`, reads
/// their events, builds the spans (`RunTrace`) and posts them, retrying a
/// failed post twice. Closing flushes what is queued, within a few seconds.
public final class TraceExporter: Sendable {
    /// `otel.*` settings; nil without an endpoint.
    public struct Settings: Sendable {
        public var tracesURL: String
        public var headers: [(String, String)]
        public var serviceName: String
        public var captureContent: Bool
        public var batch: Duration
        public var queueSize: Int

        public init(endpoint: String, headers: [(String, String)] = [], serviceName: String = "oi-host", captureContent: Bool = false,
                    batch: Duration = .seconds(1), queueSize: Int = 2048) {
            var base = endpoint
            while base.hasSuffix("/") { base.removeLast() }
            tracesURL = base + "/v1/traces"
            self.headers = headers
            self.serviceName = serviceName
            self.captureContent = captureContent
            self.batch = batch
            self.queueSize = queueSize
        }

        public init?(config: Config) {
            guard let endpoint = config.string("otel.endpoint") else { return nil }
            self.init(endpoint: endpoint, headers: Self.headers(config.string("otel.headers") ?? ""),
                      serviceName: config.string("otel.serviceName") ?? "oi-host", captureContent: config.bool("otel.captureContent"),
                      batch: .milliseconds(config.int("otel.batchMs") ?? 1000), queueSize: Int(config.int("otel.queueSize") ?? 2048))
        }

        /// `k1=v1,k2=v2`, as OTEL_EXPORTER_OTLP_HEADERS writes them (values percent-decoded).
        static func headers(_ text: String) -> [(String, String)] {
            text.split(separator: ",").compactMap { pair in
                guard let eq = pair.firstIndex(of: "=") else { return nil }
                let key = pair[..<eq].trimmingCharacters(in: .whitespaces)
                let value = String(pair[pair.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                return key.isEmpty ? nil : (key, value.removingPercentEncoding ?? value)
            }
        }
    }

    /// What the exporter did so far, for `system/health`.
    public struct Stats: Sendable, Equatable {
        public var queued = 0
        public var exportedRuns = 0
        public var exportedSpans = 0
        public var droppedRuns = 0
        public var failedExports = 0
        public var lastError: String?
    }

    private struct Item: Sendable {
        var runID: String
        var scope: Scope
    }

    private struct State {
        var queue: [Item] = []
        var bell = Latch()
        var stats = Stats()
        var lastWarning: ContinuousClock.Instant?
    }

    public let settings: Settings
    private let spans: @Sendable (String, Scope) async throws -> [OTLPSpan]
    private let client: HTTPClient
    private let state = Mutex(State())
    private let closed = Latch()
    private let logger = Logger(label: "oi.runtime.otel")
    /// Spans per request at most.
    static let maxSpansPerPost = 1000
    /// How long closing may spend flushing.
    static let flushDeadline = Duration.seconds(5)

    /// `spans` reads a run's spans (the runs service's, over the database).
    public init(settings: Settings, client: HTTPClient = .shared, spans: @escaping @Sendable (String, Scope) async throws -> [OTLPSpan]) {
        self.settings = settings
        self.client = client
        self.spans = spans
    }

    public var stats: Stats { state.withLock { s in var stats = s.stats; stats.queued = s.queue.count; return stats } }

    /// The bus tap: queues every run whose final event is in `events`. Never blocks.
    public func observe(_ events: [RunEvent]) {
        for event in events where EventType.terminal.contains(event.type) {
            guard let scope = try? Scope(orgID: event.orgID, userID: event.userID, projectID: event.projectID) else { continue }
            runEnded(event.runID, scope: scope)
        }
    }

    /// Queues a run for export; when the queue is full the run is dropped and counted.
    public func runEnded(_ runID: String, scope: Scope) {
        let bell = state.withLock { s -> Latch? in
            guard s.queue.count < settings.queueSize else {
                s.stats.droppedRuns += 1
                return nil
            }
            s.queue.append(Item(runID: runID, scope: scope))
            return s.bell
        }
        bell?.open()
    }

    /// Flushes what is queued and makes `run()` return.
    public func close() { closed.open() }

    /// Exports until `close()`; then flushes the queue (for at most `flushDeadline`) and returns.
    public func run() async {
        while true {
            let (bell, pending) = state.withLock { ($0.bell, $0.queue.count) }
            if pending == 0 {
                if closed.isOpen { return }
                await Self.first(bell, closed)
                continue
            }
            // Gather a batch: other runs that end meanwhile go in the same request.
            if !closed.isOpen { await closed.wait(timeout: settings.batch) }
            let items = state.withLock { s -> [Item] in
                defer { s.queue = []; s.bell = Latch() }
                return s.queue
            }
            // Once closing, an export (a slow collector's) gets `flushDeadline`, then is cancelled.
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.export(items) }
                group.addTask {
                    await self.closed.wait()
                    try? await Task.sleep(for: Self.flushDeadline)
                }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private static func first(_ a: Latch, _ b: Latch) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await a.wait() }
            group.addTask { await b.wait() }
            await group.next()
            group.cancelAll()
        }
    }

    private func export(_ items: [Item]) async {
        var batch: [OTLPSpan] = []
        var runs = 0
        for item in items {
            if Task.isCancelled { return }
            do {
                batch += try await spans(item.runID, item.scope)
                runs += 1
            } catch {
                fail("could not read run \(item.runID) for export: \(error)")
            }
        }
        var start = 0
        while start < batch.count {
            let chunk = Array(batch[start..<min(batch.count, start + Self.maxSpansPerPost)])
            if await post(chunk) {
                state.withLock { $0.stats.exportedSpans += chunk.count }
            }
            start += Self.maxSpansPerPost
        }
        state.withLock { $0.stats.exportedRuns += runs }
    }

    /// Posts one request, retrying twice (after 1 s and 2 s) on a connection
    /// failure, 429 or 5xx. True when the collector took it.
    private func post(_ spans: [OTLPSpan]) async -> Bool {
        let document = OTLPTraceDocument(service: settings.serviceName, spans: spans)
        guard let body = try? JSONValueCoding.encodeBytes(document) else { return false }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        for (name, value) in settings.headers { headers.add(name, value) }
        let request = HTTPRequest(method: "POST", url: settings.tracesURL, headers: headers, body: body,
                                  timeouts: HTTPTimeouts(connect: .seconds(5), total: .seconds(15), idle: .seconds(15)), maxResponseBytes: 1 << 20)
        var problem = ""
        for attempt in 0..<3 {
            if attempt > 0 {
                if closed.isOpen || Task.isCancelled { break }
                try? await Task.sleep(for: .seconds(attempt))
            }
            do {
                let response = try await client.send(request)
                _ = try? await response.body.collect(upTo: 1 << 20)
                if (200..<300).contains(response.status) { return true }
                problem = "HTTP \(response.status) from \(settings.tracesURL)"
                if response.status != 429 && response.status < 500 { break }
            } catch {
                problem = "\(error)"
            }
        }
        fail("could not export \(spans.count) spans: \(problem)")
        state.withLock { $0.stats.failedExports += 1 }
        return false
    }

    /// Records the error; logs at most one warning a minute.
    private func fail(_ message: String) {
        let log = state.withLock { s -> Bool in
            s.stats.lastError = message
            let now = ContinuousClock.now
            if let last = s.lastWarning, now - last < .seconds(60) { return false }
            s.lastWarning = now
            return true
        }
        if log { logger.warning("OpenTelemetry export failed", metadata: ["error": .string(message)]) }
    }
}
