import JSON

/// `tool.called`: a call is about to run.
public struct ToolCalledPayload: EventPayload {
    public static let type = EventType.toolCalled
    public var callID: String
    public var toolName: String
    /// The arguments the call runs with (an approver's edit, when there was one).
    public var args: JSONValue
    /// What the model asked for, when an approver changed it (`modified_args_applied`).
    public var originalArgs: JSONValue?
    public var modifiedArgsApplied: Bool?

    enum CodingKeys: String, CodingKey {
        case callID = "call_id", toolName = "tool_name", args, originalArgs = "original_args", modifiedArgsApplied = "modified_args_applied"
    }

    public init(callID: String, toolName: String, args: JSONValue, originalArgs: JSONValue? = nil) {
        (self.callID, self.toolName, self.args) = (callID, toolName, args)
        self.originalArgs = originalArgs
        self.modifiedArgsApplied = originalArgs == nil ? nil : true
    }

    public static let example = ToolCalledPayload(callID: "call_1_1", toolName: "read_file", args: ["path": "notes.md"])
}

/// `tool.result`: what a call returned (or the error the model is shown).
public struct ToolResultPayload: EventPayload {
    public static let type = EventType.toolResult
    public var callID: String
    public var toolName: String
    public var result: JSONValue
    public var isError: Bool
    public var durationMs: Int64

    enum CodingKeys: String, CodingKey {
        case callID = "call_id", toolName = "tool_name", result, isError = "is_error", durationMs = "duration_ms"
    }

    public static let example = ToolResultPayload(callID: "call_1_1", toolName: "read_file", result: ["content": "# Notes"], isError: false, durationMs: 3)
}

/// `tool.blocked`: the policy refused a call.
public struct ToolBlockedPayload: EventPayload {
    public static let type = EventType.toolBlocked
    public var callID: String
    public var toolName: String
    public var args: JSONValue
    public var reason: String
    public var rule: String

    enum CodingKeys: String, CodingKey { case callID = "call_id", toolName = "tool_name", args, reason, rule }

    public static let example = ToolBlockedPayload(
        callID: "call_1_1", toolName: "run_command", args: ["command": "rm -rf /"], reason: "blocked by tools.rules", rule: "block:run_command")
}

/// `tool.requires_approval`: the call waits for `runs/approve`.
public struct ToolRequiresApprovalPayload: EventPayload {
    public static let type = EventType.toolRequiresApproval
    public var callID: String
    public var toolName: String
    public var args: JSONValue
    public var reason: String
    public var riskLevel: String

    enum CodingKeys: String, CodingKey { case callID = "call_id", toolName = "tool_name", args, reason, riskLevel = "risk_level" }

    public static let example = ToolRequiresApprovalPayload(
        callID: "call_1_1", toolName: "write_file", args: ["path": "out.md"], reason: "high risk", riskLevel: "high")
}

/// `tool.approved`.
public struct ToolApprovedPayload: EventPayload {
    public static let type = EventType.toolApproved
    public var callID: String
    public var toolName: String
    /// `allow_once` or `allow_always`.
    public var decision: String
    /// The arguments the approver put in place of the model's.
    public var modifiedArgs: JSONValue?
    public var modifiedArgsApplied: Bool?

    enum CodingKeys: String, CodingKey {
        case callID = "call_id", toolName = "tool_name", decision, modifiedArgs = "modified_args", modifiedArgsApplied = "modified_args_applied"
    }

    public init(callID: String, toolName: String, decision: String, modifiedArgs: JSONValue? = nil) {
        (self.callID, self.toolName, self.decision) = (callID, toolName, decision)
        self.modifiedArgs = modifiedArgs
        self.modifiedArgsApplied = modifiedArgs == nil ? nil : true
    }

    public static let example = ToolApprovedPayload(callID: "call_1_1", toolName: "write_file", decision: "allow_once",
                                                      modifiedArgs: ["path": "drafts/out.md", "content": "reviewed"])
}

/// `tool.denied`.
public struct ToolDeniedPayload: EventPayload {
    public static let type = EventType.toolDenied
    public var callID: String
    public var toolName: String
    public var reason: String?

    enum CodingKeys: String, CodingKey { case callID = "call_id", toolName = "tool_name", reason }

    public static let example = ToolDeniedPayload(callID: "call_1_1", toolName: "write_file", reason: "not now")
}

/// `tool.interrupted`: a side-effecting call had started when its process
/// died, with no recorded outcome; it is not run again.
public struct ToolInterruptedPayload: EventPayload {
    public static let type = EventType.toolInterrupted
    public var callID: String
    public var toolName: String
    public var args: JSONValue
    public var reason: String

    enum CodingKeys: String, CodingKey { case callID = "call_id", toolName = "tool_name", args, reason }

    public static let example = ToolInterruptedPayload(
        callID: "call_1_1", toolName: "run_command", args: ["command": "make"],
        reason: "the process running the call stopped before its outcome was recorded")
}
