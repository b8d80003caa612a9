/// One Server-Sent Event, dispatched by a blank line.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field, `message` when the event named none.
    public var event: String
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The last event ID in effect (it persists across events until reset).
    public var id: String?
    /// The `retry:` field of this event, in milliseconds.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }
}
