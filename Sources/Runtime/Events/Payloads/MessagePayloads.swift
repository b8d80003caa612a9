import JSON

/// `message.task`: the group run hands a member (or the lead) its task.
public struct MessageTaskPayload: EventPayload {
    public static let type = EventType.messageTask
    public var goal: String
    public var toRoleID: String
    public var roleName: String
    public var childRunID: String
    public var inputs: JSONValue
    public var expectedOutput: String
    public var constraints: [String] = []
    public var priority = "medium"

    enum CodingKeys: String, CodingKey {
        case goal, toRoleID = "to_role_id", roleName = "role_name", childRunID = "child_run_id", inputs
        case expectedOutput = "expected_output", constraints, priority
    }

    public init(goal: String, toRoleID: String, roleName: String, childRunID: String, inputs: JSONValue, expectedOutput: String) {
        (self.goal, self.toRoleID, self.roleName, self.childRunID) = (goal, toRoleID, roleName, childRunID)
        (self.inputs, self.expectedOutput) = (inputs, expectedOutput)
    }

    public static let example = MessageTaskPayload(
        goal: "Plan the release", toRoleID: "role_1", roleName: "researcher", childRunID: "run_2",
        inputs: ["from": "the task and the blackboard so far"], expectedOutput: "a proposal with evidence")
}

/// `message.proposal`: a member's answer, posted to the blackboard.
public struct MessageProposalPayload: EventPayload {
    public static let type = EventType.messageProposal
    public var plan: String
    public var risks: [String] = []
    public var dependencies: [String] = []
    public var childRunID: String
    public var evidenceRefs: [String]
    public var entryID: String?

    enum CodingKeys: String, CodingKey {
        case plan, risks, dependencies, childRunID = "child_run_id", evidenceRefs = "evidence_refs", entryID = "entry_id"
    }

    public init(plan: String, childRunID: String, evidenceRefs: [String], entryID: String?) {
        (self.plan, self.childRunID, self.evidenceRefs, self.entryID) = (plan, childRunID, evidenceRefs, entryID)
    }

    public static let example = MessageProposalPayload(plan: "Ship on Friday", childRunID: "run_2", evidenceRefs: ["bb_1"], entryID: "bb_2")
}

/// `message.evidence`: the tool results a member's proposal rests on.
public struct MessageEvidencePayload: EventPayload {
    public static let type = EventType.messageEvidence
    public var summary: String
    public var refs: [JSONValue]
    public var childRunID: String
    public var entryID: String?

    enum CodingKeys: String, CodingKey { case summary, refs, childRunID = "child_run_id", entryID = "entry_id" }

    public static let example = MessageEvidencePayload(
        summary: "researcher relied on 1 tool result(s): read_file.",
        refs: [["type": "tool_result", "id": "run_2:call_1_1", "tool_name": "read_file", "is_error": false]], childRunID: "run_2", entryID: "bb_1")
}

/// `message.decision`: the lead's decision, which is the group run's output.
public struct MessageDecisionPayload: EventPayload {
    public static let type = EventType.messageDecision
    public var decision: String
    public var rationale: String
    public var nextActions: [String]
    public var evidenceRefs: [String]
    public var childRunID: String
    public var entryID: String?

    enum CodingKeys: String, CodingKey {
        case decision, rationale, nextActions = "next_actions", evidenceRefs = "evidence_refs", childRunID = "child_run_id", entryID = "entry_id"
    }

    public static let example = MessageDecisionPayload(
        decision: "Ship on Friday", rationale: "Both proposals agree.", nextActions: ["Tag the release"], evidenceRefs: ["bb_1", "bb_2"],
        childRunID: "run_3", entryID: "bb_3")
}

/// `message.status`: a member's progress in the group run.
public struct MessageStatusPayload: EventPayload {
    public static let type = EventType.messageStatus
    /// `working`, `done` or `failed`.
    public var state: String
    public var roleID: String
    public var childRunID: String
    public var progress: Double
    public var blockers: [String] = []
    public var error: JSONValue?

    enum CodingKeys: String, CodingKey { case state, roleID = "role_id", childRunID = "child_run_id", progress, blockers, error }

    public init(state: String, roleID: String, childRunID: String, progress: Double, error: JSONValue? = nil) {
        (self.state, self.roleID, self.childRunID, self.progress, self.error) = (state, roleID, childRunID, progress, error)
    }

    public static let example = MessageStatusPayload(state: "done", roleID: "role_1", childRunID: "run_2", progress: 0.5)
}
