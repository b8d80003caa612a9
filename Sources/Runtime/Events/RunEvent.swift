import JSON

/// One recorded event of a run, as clients see it (DESIGN §5). `seq` is dense
/// per run and starts at 1; an event is stored before anyone is sent it.
/// The one exception is an `llm.token` with `agent.persistLlmTokens` off:
/// never stored, it has no `seq` and only reaches live subscribers.
public struct RunEvent: Sendable, Equatable {
    public var id: String
    public var runID: String
    /// nil for a live-only event (never stored).
    public var seq: Int64?
    public var type: String
    public var ts: String
    public var orgID: String
    public var userID: String
    public var projectID: String?
    public var step: Int?
    public var groupID: String?
    public var roleID: String?
    public var messageType: String?
    public var payload: JSONValue

    public init(id: String, runID: String, seq: Int64?, type: String, ts: String, orgID: String, userID: String, projectID: String?,
                step: Int? = nil, groupID: String? = nil, roleID: String? = nil, messageType: String? = nil, payload: JSONValue) {
        self.id = id
        self.runID = runID
        self.seq = seq
        self.type = type
        self.ts = ts
        self.orgID = orgID
        self.userID = userID
        self.projectID = projectID
        self.step = step
        self.groupID = groupID
        self.roleID = roleID
        self.messageType = messageType
        self.payload = payload
    }

    /// The wire form: `{id, run_id, seq, type, ts, scope, step?, group_id?, role_id?, message_type?, payload}`
    /// (`seq` left out of a live-only event).
    public var json: JSONValue {
        var scope: [String: JSONValue] = ["org_id": .string(orgID), "user_id": .string(userID)]
        if let projectID { scope["project_id"] = .string(projectID) }
        var o: [String: JSONValue] = [
            "id": .string(id), "run_id": .string(runID), "type": .string(type),
            "ts": .string(ts), "scope": .object(scope), "payload": payload,
        ]
        if let seq { o["seq"] = .int(seq) }
        if let step { o["step"] = .int(Int64(step)) }
        if let groupID { o["group_id"] = .string(groupID) }
        if let roleID { o["role_id"] = .string(roleID) }
        if let messageType { o["message_type"] = .string(messageType) }
        return .object(o)
    }

    /// Matches a `type` filter entry: exact, or a prefix ending in `.` (`tool.`).
    public func matches(typeFilter: [String]) -> Bool {
        typeFilter.isEmpty || typeFilter.contains { $0.hasSuffix(".") ? type.hasPrefix($0) : type == $0 }
    }
}

/// The event types (DESIGN §5 and the seed's). `schemas/events/` has one schema each.
public enum EventType {
    public static let runStarted = "run.started"
    public static let runCompleted = "run.completed"
    public static let runFailed = "run.failed"
    public static let runCancelled = "run.cancelled"
    public static let runResumed = "run.resumed"
    public static let runWaiting = "run.waiting"
    public static let stepStarted = "step.started"
    public static let stepCompleted = "step.completed"
    public static let llmCalled = "llm.called"
    public static let llmToken = "llm.token"
    public static let toolCalled = "tool.called"
    public static let toolResult = "tool.result"
    public static let toolBlocked = "tool.blocked"
    public static let toolRequiresApproval = "tool.requires_approval"
    public static let toolApproved = "tool.approved"
    public static let toolDenied = "tool.denied"
    /// A side-effecting call that had started when the process died and has
    /// no recorded outcome: it is not run again; the model is told.
    public static let toolInterrupted = "tool.interrupted"
    public static let messageTask = "message.task"
    public static let messageProposal = "message.proposal"
    public static let messageDecision = "message.decision"
    public static let messageEvidence = "message.evidence"
    public static let messageStatus = "message.status"
    public static let memoryRetrieved = "memory.retrieved"
    public static let memorySummarized = "memory.summarized"

    /// Types that end a run.
    public static let terminal: Set<String> = [runCompleted, runFailed, runCancelled]
}

extension RunEvent: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
