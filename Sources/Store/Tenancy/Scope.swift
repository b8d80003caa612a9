/// Who a row belongs to: organisation, user and optional project (DESIGN §4).
/// Every repository method takes one first and puts it in the SQL `WHERE`.
/// A project of `nil` is stored as `''`, so unique constraints and `=` work.
public struct Scope: Hashable, Sendable, Codable {
    public let orgID: String
    public let userID: String
    public let projectID: String?

    /// Validates every part by the id rule (`SafeID`).
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
        if let problem = SafeID.problem(value) {
            throw StoreError(.invalidInput, "\(field) \(problem)", field: field)
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
