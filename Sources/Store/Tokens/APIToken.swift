import Foundation

/// An API token's record: whom it speaks for, and whether it still does. The
/// secret itself is never stored, only its SHA-256 (`secretHash`, hex).
public struct APIToken: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var userID: String
    public var projectID: String?
    public var name: String
    public var secretHash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public var isRevoked: Bool { revokedAt != nil }
}
