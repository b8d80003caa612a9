/// Who a row belongs to: organisation, user and optional project (DESIGN §4).
/// Every repository method takes one first and puts it in the SQL `WHERE`.
/// A project of `nil` is stored as `''`, so unique constraints and `=` work.
public struct Scope: Hashable, Sendable, Codable {
    public let orgID: String
    public let userID: String
    public let projectID: String?

    /// Validates every part: 1...128 characters of `[A-Za-z0-9._:-]`.
    /// An empty `projectID` means "no project", the same as `nil`.
    public init(orgID: String, userID: String, projectID: String? = nil) throws {
        try Self.validate(orgID, field: "org_id")
        try Self.validate(userID, field: "user_id")
        let project = projectID?.isEmpty == true ? nil : projectID
        if let project { try Self.validate(project, field: "project_id") }
        self.orgID = orgID
        self.userID = userID
        self.projectID = project
    }

    /// For rows read back from the database, which were validated on the way in.
    init(trusted orgID: String, userID: String, projectKey: String) {
        self.orgID = orgID
        self.userID = userID
        self.projectID = projectKey.isEmpty ? nil : projectKey
    }

    /// The stored form of `projectID`: `''` for no project.
    public var projectKey: String { projectID ?? "" }

    public static let maxLength = 128

    static func validate(_ value: String, field: String) throws {
        guard !value.isEmpty else {
            throw StoreError(.invalidInput, "\(field) must not be empty", field: field)
        }
        guard value.utf8.count <= maxLength else {
            throw StoreError(.invalidInput, "\(field) is longer than \(maxLength) characters", field: field)
        }
        let allowed = value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
        }
        guard allowed else {
            throw StoreError(.invalidInput, "\(field) may contain only letters, digits and . _ : -", field: field)
        }
    }

    enum CodingKeys: String, CodingKey {
        case orgID = "org_id"
        case userID = "user_id"
        case projectID = "project_id"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            orgID: try c.decode(String.self, forKey: .orgID),
            userID: try c.decode(String.self, forKey: .userID),
            projectID: try c.decodeIfPresent(String.self, forKey: .projectID)
        )
    }
}

/// How a transaction is allowed to see rows. PostgreSQL enforces it a second
/// time with row-level security; see docs/decisions.md.
public enum Access: Sendable, Hashable {
    /// Rows of one tenant only.
    case tenant(Scope)
    /// Rows of all tenants: only for the queue and maintenance, never for a request.
    case system
}
