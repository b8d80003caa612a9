import Foundation

/// One recorded event of a run. `seq` is dense per run (1, 2, 3, … with no
/// gap), so a reader resumes exactly with `afterSeq`. `payload` is JSON text.
public struct Event: Sendable, Hashable {
    public var id: String
    public var runID: String
    public var scope: Scope
    public var seq: Int64
    public var type: String
    public var ts: Date
    public var step: Int?
    public var groupID: String?
    public var roleID: String?
    public var messageType: String?
    public var payload: String
}

/// An event to append; `seq` is assigned by the Store, and `id` too unless
/// the writer chose it — then a write whose outcome was lost with the
/// connection can be retried without storing the events twice.
public struct NewEvent: Sendable, Hashable {
    public var id: String?
    public var type: String
    /// JSON text; `{}` when there is nothing to say.
    public var payload: String
    public var step: Int?
    public var groupID: String?
    public var roleID: String?
    public var messageType: String?
    /// Defaults to the time of the append.
    public var ts: Date?

    public init(type: String, payload: String = "{}", step: Int? = nil, groupID: String? = nil, roleID: String? = nil,
                messageType: String? = nil, ts: Date? = nil, id: String? = nil) {
        self.id = id
        self.type = type
        self.payload = payload
        self.step = step
        self.groupID = groupID
        self.roleID = roleID
        self.messageType = messageType
        self.ts = ts
    }
}

/// Which events to read. Type filters combine: in `types` (if given), or
/// starting with one of `typePrefixes` (if given), and never in `excludedTypes`.
public struct EventFilter: Sendable, Hashable {
    /// Only events with `seq > afterSeq`.
    public var afterSeq: Int64
    /// Only events with `seq <= throughSeq`, if set.
    public var throughSeq: Int64?
    /// Exact type names; with `typePrefixes`, an event matching either is in.
    public var types: [String]?
    /// E.g. `["tool."]` for every tool event.
    public var typePrefixes: [String]?
    /// E.g. `["llm.token"]` to leave the token stream out.
    public var excludedTypes: [String]
    /// Clamped to 1...10000 when listing; ignored by `count`.
    public var limit: Int

    public init(afterSeq: Int64 = 0, throughSeq: Int64? = nil, types: [String]? = nil, typePrefixes: [String]? = nil,
                excludedTypes: [String] = [], limit: Int = 200) {
        self.afterSeq = afterSeq
        self.throughSeq = throughSeq
        self.types = types
        self.typePrefixes = typePrefixes
        self.excludedTypes = excludedTypes
        self.limit = limit
    }
}
