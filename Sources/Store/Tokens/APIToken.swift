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

extension APIToken: RowDecodable {
    static let columns = "id, org_id, user_id, project_id, name, secret_hash, created_at, revoked_at"

    public init(row: Row) throws {
        let project = try row.string("project_id")
        self.init(
            id: try row.string("id"), orgID: try row.string("org_id"), userID: try row.string("user_id"),
            projectID: project.isEmpty ? nil : project, name: try row.string("name"), secretHash: try row.string("secret_hash"),
            createdAt: try row.date("created_at"), revokedAt: row.optionalDate("revoked_at"))
    }
}
