import JSON

/// One recorded event of a run, as clients see it (DESIGN §5). `seq` is dense
/// per run and starts at 1; an event is stored before anyone is sent it.
/// The one exception is an `llm.token` with `agent.persistLlmTokens` off:
/// never stored, it has no `seq` and only reaches live subscribers.
///
/// The wire form is written once, when the event is made: its payload is the
/// text the recorder encoded (and storage kept) copied as is, the envelope is
/// written around it, and every subscriber, `runs/events` and export send
/// those bytes (`wire`) — nothing parses and re-encodes an event on its way out.
public struct RunEvent: Sendable, Equatable {
    public let id: String
    public let runID: String
    /// nil for a live-only event (never stored).
    public let seq: Int64?
    public let type: String
    public let ts: String
    public let orgID: String
    public let userID: String
    public let projectID: String?
    public let step: Int?
    public let groupID: String?
    public let roleID: String?
    public let messageType: String?
    /// The payload's JSON text, as written.
    public let payloadJSON: RawJSON
    /// `{id, run_id, seq, type, ts, scope, step?, group_id?, role_id?, message_type?, payload}`
    /// (`seq` left out of a live-only event).
    public let wire: RawJSON

    public init(id: String, runID: String, seq: Int64?, type: String, ts: String, orgID: String, userID: String, projectID: String?,
                step: Int? = nil, groupID: String? = nil, roleID: String? = nil, messageType: String? = nil, payloadJSON: RawJSON) {
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
        self.payloadJSON = payloadJSON
        var out: [UInt8] = []
        out.reserveCapacity(payloadJSON.bytes.count + 256)
        func key(_ name: StaticString, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        out.append(UInt8(ascii: "{"))
        key("id", first: true); JSONWriter.writeString(id, into: &out)
        key("run_id"); JSONWriter.writeString(runID, into: &out)
        if let seq { key("seq"); out.append(contentsOf: String(seq).utf8) }
        key("type"); JSONWriter.writeString(type, into: &out)
        key("ts"); JSONWriter.writeString(ts, into: &out)
        key("scope"); out.append(UInt8(ascii: "{"))
        key("org_id", first: true); JSONWriter.writeString(orgID, into: &out)
        key("user_id"); JSONWriter.writeString(userID, into: &out)
        if let projectID { key("project_id"); JSONWriter.writeString(projectID, into: &out) }
        out.append(UInt8(ascii: "}"))
        if let step { key("step"); out.append(contentsOf: String(step).utf8) }
        if let groupID { key("group_id"); JSONWriter.writeString(groupID, into: &out) }
        if let roleID { key("role_id"); JSONWriter.writeString(roleID, into: &out) }
        if let messageType { key("message_type"); JSONWriter.writeString(messageType, into: &out) }
        key("payload"); out.append(contentsOf: payloadJSON.bytes)
        out.append(UInt8(ascii: "}"))
        wire = RawJSON(unchecked: out)
    }

    /// An event with a payload given as a value (examples, tests).
    public init(id: String, runID: String, seq: Int64?, type: String, ts: String, orgID: String, userID: String, projectID: String?,
                step: Int? = nil, groupID: String? = nil, roleID: String? = nil, messageType: String? = nil, payload: JSONValue) {
        self.init(id: id, runID: runID, seq: seq, type: type, ts: ts, orgID: orgID, userID: userID, projectID: projectID, step: step,
                  groupID: groupID, roleID: roleID, messageType: messageType, payloadJSON: RawJSON(payload))
    }

    /// The payload parsed (for readers inside the process; the wire never needs it).
    public var payload: JSONValue { (try? payloadJSON.parsed()) ?? .object([:]) }

    /// The wire form parsed.
    public var json: JSONValue { (try? wire.parsed()) ?? .object([:]) }

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
    /// A delegation call created child runs; the run waits for them (`waiting_children`).
    public static let runDelegated = "run.delegated"
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
    /// The loop noticed something (a doom loop).
    public static let runWarning = "run.warning"
    /// The oldest turns of the prompt were summarised to fit the context window.
    public static let runCompacted = "run.compacted"
    /// `runs/inject` stored a message for the run's next step.
    public static let userInjected = "user.injected"
    public static let toolBatchStarted = "tool.batch.started"
    public static let toolBatchCompleted = "tool.batch.completed"
    public static let mcpToolsRefreshed = "mcp.tools.refreshed"
    public static let mcpServerRestarted = "mcp.server.restarted"

    /// Types that end a run.
    public static let terminal: Set<String> = [runCompleted, runFailed, runCancelled]
}

extension RunEvent: Encodable {
    /// The wire bytes, copied as they are by `JSONBytesEncoder`.
    public func encode(to encoder: any Encoder) throws {
        try wire.encode(to: encoder)
    }
}
