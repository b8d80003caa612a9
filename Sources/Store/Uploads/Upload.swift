import Foundation

/// A file a user uploaded (`uploads/create`, `POST /api/uploads`) for runs to
/// take as attachments: its bytes, name and media type, private to
/// (org, user, project) like runs. Immutable once stored.
public struct Upload: Sendable, Hashable {
    public var id: String
    public var scope: Scope
    public var originalName: String
    public var mimeType: String
    public var size: Int
    /// Hex SHA-256 of the bytes.
    public var sha256: String
    public var createdAt: Date
}

extension Upload: RowDecodable {
    static let columns = "org_id, user_id, project_id, id, original_name, mime_type, size, sha256, created_at"

    public init(row: Row) throws {
        self.init(
            id: try row.string("id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            originalName: try row.string("original_name"), mimeType: try row.string("mime_type"), size: try row.int("size"),
            sha256: try row.string("sha256"), createdAt: try row.date("created_at"))
    }
}
