import JSON

/// What a finished run did, as the summarizer needs it: the task, each tool
/// call with its result, and the outcome. Built by the runtime from the
/// run's checkpointed messages.
public struct RunTranscript: Sendable, Equatable {
    public struct ToolUse: Sendable, Equatable {
        public var name: String
        public var arguments: JSONValue
        public var result: String
        public var isError: Bool

        public init(name: String, arguments: JSONValue, result: String, isError: Bool) {
            self.name = name
            self.arguments = arguments
            self.result = result
            self.isError = isError
        }
    }

    public var runID: String
    public var sessionKey: String
    public var input: String
    public var output: String
    /// `completed` or `failed`.
    public var status: String
    public var error: String?
    public var steps: Int
    public var tools: [ToolUse]
    public var roleID: String?
    public var groupID: String?

    public init(runID: String, sessionKey: String, input: String, output: String, status: String, error: String? = nil,
                steps: Int, tools: [ToolUse], roleID: String? = nil, groupID: String? = nil) {
        self.runID = runID
        self.sessionKey = sessionKey
        self.input = input
        self.output = output
        self.status = status
        self.error = error
        self.steps = steps
        self.tools = tools
        self.roleID = roleID
        self.groupID = groupID
    }
}
