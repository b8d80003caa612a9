import Foundation

/// Filters for `RunRepository.list`. All optional; combined with AND.
public struct RunFilter: Sendable, Hashable {
    public var statuses: [RunStatus]?
    public var sessionKey: String?
    public var groupID: String?
    public var parentRunID: String?
    /// The runs below this root (its descendants; not the root itself).
    public var rootRunID: String?
    /// Inclusive lower bound on `created_at`.
    public var createdFrom: Date?
    /// Exclusive upper bound on `created_at`.
    public var createdBefore: Date?
    /// Inclusive lower bound on `updated_at` (any change: an event, a status).
    public var updatedFrom: Date?

    public init(statuses: [RunStatus]? = nil, sessionKey: String? = nil, groupID: String? = nil, parentRunID: String? = nil,
                createdFrom: Date? = nil, createdBefore: Date? = nil, updatedFrom: Date? = nil, rootRunID: String? = nil) {
        self.rootRunID = rootRunID
        self.updatedFrom = updatedFrom
        self.statuses = statuses
        self.sessionKey = sessionKey
        self.groupID = groupID
        self.parentRunID = parentRunID
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
    }
}

/// An opaque position in a newest-first run listing: `(created_at, id)` of
/// the last run of the previous page. Its text form is stable across releases.
public struct RunCursor: Sendable, Hashable, LosslessStringConvertible {
    public let createdAt: Date
    public let id: String

    public init(createdAt: Date, id: String) {
        self.createdAt = Timestamp.truncated(createdAt)
        self.id = id
    }

    /// Parses the text form; `nil` for anything else.
    public init?(_ description: String) {
        guard let dot = description.firstIndex(of: "."),
              let ms = Int64(description[..<dot]) else { return nil }
        let id = String(description[description.index(after: dot)...])
        guard !id.isEmpty else { return nil }
        self.init(createdAt: Date(timeIntervalSince1970: Double(ms) / 1000), id: id)
    }

    public var description: String { "\(Timestamp.milliseconds(createdAt)).\(id)" }
}

/// One page of `list`: newest first; `nextCursor` is nil on the last page.
public struct RunPage: Sendable, Hashable {
    public var runs: [Run]
    public var nextCursor: RunCursor?
}

/// One page of a session's runs, numbered from 1, with the session's total.
public struct SessionRunsPage: Sendable, Hashable {
    public var runs: [Run]
    public var total: Int
    public var page: Int
    public var limit: Int
}
