import Foundation
import JSON
import Store

/// A run as the runs methods, `trace_export` and the CLI show it: the seed's
/// RunMeta fields (`run_id`, `started_at` = started or created,
/// `duration_ms`, `event_count`, `tool_call_count`, `parent_run_id`) plus
/// ours. Every field is always present (null when empty), as the schema says.
public struct RunView: Encodable, Sendable, Equatable {
    public var runID: String
    public var sessionKey: String
    public var agentID: String
    public var status: String
    public var stopReason: String?
    public var input: String
    public var output: String?
    public var error: JSONValue?
    public var createdAt: String
    public var startedAt: String
    public var endedAt: String?
    public var durationMs: Int64?
    public var eventCount: Int64
    public var toolCallCount: Int
    public var parentRunID: String?
    /// The top of the run's delegation tree: a top-level run is its own root
    /// (stored as NULL, shown as its own id).
    public var rootRunID: String?
    public var groupID: String?
    public var roleID: String?
    public var usage: UsageView
    /// What the run's model calls cost at the configured prices (a group
    /// run: its members'), in US dollars.
    public var costUsd: Double
    /// `provider/model` the run's calls were priced at (nil before its first call, and for group runs).
    public var model: String?
    public var attempts: Int
    public var metadata: JSONValue?
    public var scope: ScopeView
    /// Set on `runs/create`: whether the idempotency key returned an earlier run.
    public var idempotentReplay: Bool?
    /// Set on `runs/get`: the run's children (delegated runs, a group run's members) and their states.
    public var children: [ChildView]?

    /// A child as `runs/get` of its parent shows it.
    public struct ChildView: Encodable, Sendable, Equatable {
        public var runID: String
        public var status: String
        public var roleID: String?
        public var groupID: String?

        public init(_ run: Run) {
            (runID, status, roleID, groupID) = (run.id, run.status.rawValue, run.roleID, run.groupID)
        }

        enum CodingKeys: String, CodingKey { case runID = "run_id", status, roleID = "role_id", groupID = "group_id" }
    }

    /// `estimated`: some count is our estimate (a provider reported none).
    public struct UsageView: Encodable, Sendable, Equatable {
        public var inputTokens: Int64
        public var outputTokens: Int64
        public var cachedTokens: Int64
        public var estimated: Bool

        public init(inputTokens: Int64, outputTokens: Int64, cachedTokens: Int64, estimated: Bool = false) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.cachedTokens = cachedTokens
            self.estimated = estimated
        }

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens", outputTokens = "output_tokens", cachedTokens = "cached_tokens", estimated
        }
    }

    /// A scope on the wire: `project_id` only when there is one.
    public struct ScopeView: Encodable, Sendable, Equatable {
        public var orgID: String
        public var userID: String
        public var projectID: String?

        public init(_ scope: Scope) {
            orgID = scope.orgID
            userID = scope.userID
            projectID = scope.projectID
        }

        public init(orgID: String, userID: String, projectID: String? = nil) {
            self.orgID = orgID
            self.userID = userID
            self.projectID = projectID
        }

        enum CodingKeys: String, CodingKey { case orgID = "org_id", userID = "user_id", projectID = "project_id" }
    }

    enum CodingKeys: String, CodingKey {
        case status, input, output, error, usage, attempts, metadata, scope, model
        case costUsd = "cost_usd"
        case runID = "run_id", sessionKey = "session_key", agentID = "agent_id", stopReason = "stop_reason"
        case createdAt = "created_at", startedAt = "started_at", endedAt = "ended_at", durationMs = "duration_ms"
        case eventCount = "event_count", toolCallCount = "tool_call_count", parentRunID = "parent_run_id", rootRunID = "root_run_id"
        case groupID = "group_id", roleID = "role_id", idempotentReplay = "idempotent_replay", children
    }

    /// A run as written out field by field (examples, tests).
    public init(runID: String, sessionKey: String, agentID: String = "main", status: String, stopReason: String? = nil, input: String,
                output: String? = nil, error: JSONValue? = nil, createdAt: String, startedAt: String, endedAt: String? = nil,
                durationMs: Int64? = nil, eventCount: Int64 = 0, toolCallCount: Int = 0, parentRunID: String? = nil, groupID: String? = nil,
                roleID: String? = nil, usage: UsageView = UsageView(inputTokens: 0, outputTokens: 0, cachedTokens: 0), costUsd: Double = 0,
                model: String? = nil, attempts: Int = 0,
                metadata: JSONValue? = nil, scope: ScopeView, idempotentReplay: Bool? = nil) {
        self.runID = runID
        self.sessionKey = sessionKey
        self.agentID = agentID
        self.status = status
        self.stopReason = stopReason
        self.input = input
        self.output = output
        self.error = error
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationMs = durationMs
        self.eventCount = eventCount
        self.toolCallCount = toolCallCount
        self.parentRunID = parentRunID
        self.rootRunID = nil
        self.groupID = groupID
        self.roleID = roleID
        self.usage = usage
        self.costUsd = costUsd
        self.model = model
        self.attempts = attempts
        self.metadata = metadata
        self.scope = scope
        self.idempotentReplay = idempotentReplay
    }

    public init(_ run: Run, replay: Bool? = nil) {
        let started = run.startedAt ?? run.createdAt
        runID = run.id
        sessionKey = run.sessionKey
        agentID = run.agentID
        status = run.status.rawValue
        stopReason = run.stopReason
        input = run.input
        output = run.output.flatMap { try? JSONParser.parse($0) }?.stringValue
        error = run.error.flatMap { try? JSONParser.parse($0) }
        createdAt = ISO8601.format(run.createdAt)
        startedAt = ISO8601.format(started)
        endedAt = run.endedAt.map(ISO8601.format)
        durationMs = run.endedAt.map { Int64(($0.timeIntervalSince(started) * 1000).rounded()) }
        eventCount = run.lastSeq
        toolCallCount = run.toolCallCount
        parentRunID = run.parentRunID
        rootRunID = run.rootRunID ?? run.id
        groupID = run.groupID
        roleID = run.roleID
        usage = UsageView(inputTokens: run.usage.inputTokens, outputTokens: run.usage.outputTokens, cachedTokens: run.usage.cachedTokens,
                          estimated: run.usage.estimated)
        costUsd = UsagePayload.dollars(run.usage.costNanos)
        model = run.usage.model
        attempts = run.attempts
        metadata = run.metadata.flatMap { try? JSONParser.parse($0) }
        scope = ScopeView(run.scope)
        idempotentReplay = replay
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(runID, forKey: .runID)
        try c.encode(sessionKey, forKey: .sessionKey)
        try c.encode(agentID, forKey: .agentID)
        try c.encode(status, forKey: .status)
        try c.encode(stopReason, forKey: .stopReason)
        try c.encode(input, forKey: .input)
        try c.encode(output, forKey: .output)
        try c.encode(error, forKey: .error)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(endedAt, forKey: .endedAt)
        try c.encode(durationMs, forKey: .durationMs)
        try c.encode(eventCount, forKey: .eventCount)
        try c.encode(toolCallCount, forKey: .toolCallCount)
        try c.encode(parentRunID, forKey: .parentRunID)
        try c.encode(rootRunID ?? runID, forKey: .rootRunID)
        try c.encode(groupID, forKey: .groupID)
        try c.encode(roleID, forKey: .roleID)
        try c.encode(usage, forKey: .usage)
        try c.encode(costUsd, forKey: .costUsd)
        try c.encode(model, forKey: .model)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(scope, forKey: .scope)
        try c.encodeIfPresent(idempotentReplay, forKey: .idempotentReplay)
        try c.encodeIfPresent(children, forKey: .children)
    }
}

/// A run's whole trace as `runs/export` and `trace_export` give it: the run,
/// every event (or those of the types asked for), and a summary of its checkpoints.
public struct RunExport: Encodable, Sendable {
    public var format = "json"
    public var exportedAt: String

    public init(exportedAt: String, run: RunView, events: [RunEvent], checkpoints: [CheckpointSummary]) {
        self.exportedAt = exportedAt
        self.run = run
        self.events = events
        self.checkpoints = checkpoints
    }
    public var run: RunView
    public var events: [RunEvent]
    public var checkpoints: [CheckpointSummary]

    public struct CheckpointSummary: Encodable, Sendable, Equatable {
        public var step: Int
        public var createdAt: String
        public var bytes: Int
        public var messages: Int

        public init(step: Int, createdAt: String, bytes: Int, messages: Int) {
            self.step = step
            self.createdAt = createdAt
            self.bytes = bytes
            self.messages = messages
        }

        enum CodingKeys: String, CodingKey { case step, bytes, messages, createdAt = "created_at" }
    }

    enum CodingKeys: String, CodingKey { case format, run, events, checkpoints, exportedAt = "exported_at" }
}
