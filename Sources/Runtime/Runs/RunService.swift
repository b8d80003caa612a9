import Foundation
import Logging
import JSON
import Store

/// The runs API the host's methods call: create, read, list, events, cancel,
/// export and follow — every call scoped; a run of another tenant reads as
/// not found.
public final class RunService: Sendable {
    public let stores: Database
    public let bus: EventBus
    public let queue: RunQueue
    public let config: Config
    let defaults: AgentSpec
    let link: ClusterLink?
    /// The registry edited arguments are checked against (`runs/approve {modified_args}`).
    let tools: ToolRegistry
    /// Runs whose `agent_id` starts with this hold their children's usage (group runs).
    let rollupAgentPrefix: String?
    private let logger = Logger(label: "oi.runtime.runs")

    init(stores: Database, bus: EventBus, queue: RunQueue, link: ClusterLink?, config: Config, defaults: AgentSpec, tools: ToolRegistry = ToolRegistry(),
         rollupAgentPrefix: String? = nil) {
        self.tools = tools
        self.rollupAgentPrefix = rollupAgentPrefix
        self.stores = stores
        self.bus = bus
        self.queue = queue
        self.link = link
        self.config = config
        self.defaults = defaults
    }

    public var backend: String { stores.dialect.rawValue }

    public func create(_ request: CreateRun, in scope: Scope) async throws -> (run: Run, existing: Bool) {
        try SafeIDSchema.check(request.sessionKey, path: "params.session_key")
        try SafeIDSchema.check(request.agentID, path: "params.agent_id")
        if request.onBusy != .enqueue {
            let active = try await stores.runs.list(
                in: scope, filter: RunFilter(statuses: [.pending, .running, .waitingApproval, .waitingChildren], sessionKey: request.sessionKey), limit: 100).runs
            if !active.isEmpty {
                if let key = request.idempotencyKey, let first = active.first(where: { $0.idempotencyKey == key }) {
                    return (first, true)
                }
                if request.onBusy == .reject { throw RunError.sessionBusy(request.sessionKey, active: active.map(\.id)) }
                for run in active { _ = try await cancel(run.id, in: scope) }
            }
        }
        var spec = request.agent.over(defaults)
        spec.attachments = nil
        if !request.attachments.isEmpty {
            let paths = request.attachmentPaths ?? request.attachments.indices.map { "params.attachments[\($0)].upload_id" }
            let named = zip(request.attachments, paths).map { (id: $0.0, path: $0.1) }
            spec.attachments = try await UploadService(stores: stores).check(named, in: scope).map(AttachmentRef.init)
        }
        let new = NewRun(sessionKey: request.sessionKey, agentID: request.agentID, input: request.input,
                         agentConfig: String(decoding: try JSONValueCoding.encodeData(spec), as: UTF8.self),
                         metadata: request.metadata?.description, idempotencyKey: request.idempotencyKey)
        let created = try await stores.runs.create(new, in: scope)
        if !created.existing {
            queue.wake()
            await link?.runQueued(created.run.id)
        }
        return (created.run, created.existing)
    }

    public func get(_ id: String, in scope: Scope) async throws -> Run {
        guard let run = try await stores.runs.get(id, in: scope) else { throw RunError.notFound(id) }
        return run
    }

    /// The child runs of a run of the scope (a group run's members, the
    /// runs it delegated to), oldest first.
    public func children(of runID: String, in scope: Scope) async throws -> [Run] {
        _ = try await get(runID, in: scope)
        return try await stores.runs.children(of: runID, in: scope)
    }

    /// A page of the scope's runs, newest first (one query: counts are stored with the run).
    public func list(in scope: Scope, filter: RunFilter, limit: Int, cursor: RunCursor?) async throws -> RunPage {
        try await stores.runs.list(in: scope, filter: filter, limit: limit, after: cursor)
    }

    public func sessionRuns(_ key: String, in scope: Scope, page: Int, limit: Int) async throws -> SessionRunsPage {
        try await stores.runs.listSession(key, in: scope, page: page, limit: limit)
    }

    /// Events after `cursor` (a `seq`), filtered by type: exact names, or
    /// prefixes ending in `.` (`tool.`). The filter applies before the limit.
    public func events(_ runID: String, in scope: Scope, after cursor: Int64, limit: Int, types: [String], includeTokens: Bool) async throws -> (events: [RunEvent], next: Int64?, total: Int) {
        _ = try await get(runID, in: scope)
        let exact = types.filter { !$0.hasSuffix(".") }
        let prefixes = types.filter { $0.hasSuffix(".") }
        var filter = EventFilter(afterSeq: cursor, types: exact.isEmpty ? nil : exact, typePrefixes: prefixes.isEmpty ? nil : prefixes, limit: limit)
        if !includeTokens && !types.contains(EventType.llmToken) { filter.excludedTypes = [EventType.llmToken] }
        let rows = try await stores.events.list(runID, in: scope, filter: filter).map(RunEvent.init)
        // The total over every page: the same filter without the cursor.
        var whole = filter
        whole.afterSeq = 0
        let total = try await stores.events.count(runID, in: scope, filter: whole)
        return (rows, rows.count == limit ? rows.last?.seq : nil, total)
    }

    /// Cancels a run: a pending or waiting one at once, a running one within a step.
    public func cancel(_ runID: String, in scope: Scope) async throws -> Run {
        guard let outcome = try await stores.runs.requestCancel(runID, in: scope) else { throw RunError.notFound(runID) }
        if outcome.run.status.isTerminal && !outcome.cancelledNow {
            throw RunError.invalidState("run \(runID) already ended (\(outcome.run.status.rawValue))", runID: runID, status: outcome.run.status.rawValue)
        }
        if outcome.cancelledNow {
            let stored = try await stores.events.append([NewEvent(type: RunCancelledPayload.type, payload: RunRecorder.text(RunCancelledPayload()))],
                                                        to: runID, in: scope)
            bus.publish(stored.map(RunEvent.init), sessionKey: outcome.run.sessionKey)
        } else if !queue.cancel(runID) {
            await link?.cancelRequested(runID)
        }
        // A cancelled run takes its subtree with it (delegated runs, a group run's members).
        for child in try await stores.runs.children(of: runID, in: scope) where !child.status.isTerminal {
            _ = try? await cancel(child.id, in: scope)
        }
        return try await get(runID, in: scope)
    }

    /// The whole trace as one document: the run, every event (or those
    /// matching `types`: names, or prefixes ending in `.`), and a summary of checkpoints.
    public func export(_ runID: String, in scope: Scope, types: [String] = []) async throws -> RunExport {
        let run = try await get(runID, in: scope)
        let events = try await allEvents(runID, in: scope).filter { $0.matches(typeFilter: types) }
        let checkpoints = try await stores.checkpoints.list(for: runID, in: scope).map { c in
            RunExport.CheckpointSummary(step: c.step, createdAt: ISO8601.format(c.createdAt), bytes: c.state.utf8.count,
                                        messages: (try? CheckpointState.decode(c.state))?.messages.count ?? 0)
        }
        return RunExport(exportedAt: ISO8601.format(Date()), run: RunView(run), events: events, checkpoints: checkpoints)
    }

    /// Every stored event of a run, in `seq` order.
    func allEvents(_ runID: String, in scope: Scope) async throws -> [RunEvent] {
        var events: [RunEvent] = []
        var after: Int64 = 0
        while true {
            let page = try await stores.events.list(runID, in: scope, filter: EventFilter(afterSeq: after, limit: 5000))
            events += page.map(RunEvent.init)
            guard let last = page.last, page.count == 5000 else { break }
            after = last.seq
        }
        return events
    }

    /// A run's spans (`RunTrace`), as OpenTelemetry sees them.
    public func spans(_ runID: String, in scope: Scope, captureContent: Bool = false) async throws -> [OTLPSpan] {
        let run = try await get(runID, in: scope)
        return RunTrace(captureContent: captureContent).spans(of: run, events: try await allEvents(runID, in: scope))
    }

    /// `runs/export --format otel`: the run's spans as an OTLP/JSON document
    /// (`otel.serviceName`, `otel.captureContent` as configured).
    public func exportOTel(_ runID: String, in scope: Scope) async throws -> OTLPTraceDocument {
        OTLPTraceDocument(service: config.string("otel.serviceName") ?? "oi-host",
                          spans: try await spans(runID, in: scope, captureContent: config.bool("otel.captureContent")))
    }
}
