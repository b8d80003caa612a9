import Foundation
import JSON

/// What to search for: a query, where (tiers and filters), how many, and how
/// (`hybrid` fuses full text and vectors; `text` and `vector` use one).
public struct SearchRequest: Sendable, Equatable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case hybrid, text, vector
    }

    public var query: String
    /// nil: every tier.
    public var tiers: [MemoryTier]?
    public var k: Int
    public var mode: Mode
    public var filters: SearchFilters
    /// A query vector to use instead of embedding `query` (it must have the
    /// embedder's dimension; vectors of other embedders are never compared).
    public var vector: [Float]?

    public init(query: String, tiers: [MemoryTier]? = nil, k: Int = 8, mode: Mode = .hybrid,
                filters: SearchFilters = SearchFilters(), vector: [Float]? = nil) {
        self.query = query
        self.tiers = tiers
        self.k = k
        self.mode = mode
        self.filters = filters
        self.vector = vector
    }
}

/// Narrowing of a search. `roleID` keeps that role's memories and those of
/// no role (never another role's); `groupID` keeps one group's; the dates
/// bound `created_at` (from inclusive, before exclusive); `metadata`
/// requires top-level keys to equal the given strings, numbers or booleans.
public struct SearchFilters: Sendable, Equatable {
    /// Memories of this role or of no role.
    public var roleID: String?
    /// With `roleID`: memories of this group too, whichever role wrote them
    /// (a member role sees its group's blackboard).
    public var roleGroupID: String?
    /// Only memories of this group.
    public var groupID: String?
    public var createdFrom: Date?
    public var createdBefore: Date?
    public var metadata: [String: JSONValue]?

    public init(roleID: String? = nil, roleGroupID: String? = nil, groupID: String? = nil, createdFrom: Date? = nil, createdBefore: Date? = nil,
                metadata: [String: JSONValue]? = nil) {
        self.roleID = roleID
        self.roleGroupID = roleGroupID
        self.groupID = groupID
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.metadata = metadata
    }
}
