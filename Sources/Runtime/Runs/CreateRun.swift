import JSON

/// What a client asks for in `runs/create` (after validation).
public struct CreateRun: Sendable {
    /// What to do when the session already has an active run.
    public enum OnBusy: String, Sendable, Codable { case enqueue, reject, interrupt }

    public var input: String
    public var sessionKey: String
    public var agentID: String
    public var agent: AgentSpec
    public var idempotencyKey: String?
    public var onBusy: OnBusy
    public var metadata: JSONValue?
    /// Upload ids (`uploads/create`) the run's first message carries, at most 5.
    public var attachments: [String] = []
    /// Where each of `attachments` is in the request, for errors (default
    /// `params.attachments[i].upload_id`).
    public var attachmentPaths: [String]?

    public init(input: String, sessionKey: String = "s_default", agentID: String = "main", agent: AgentSpec = AgentSpec(),
                idempotencyKey: String? = nil, onBusy: OnBusy = .enqueue, metadata: JSONValue? = nil) {
        self.input = input
        self.sessionKey = sessionKey
        self.agentID = agentID
        self.agent = agent
        self.idempotencyKey = idempotencyKey
        self.onBusy = onBusy
        self.metadata = metadata
    }
}
