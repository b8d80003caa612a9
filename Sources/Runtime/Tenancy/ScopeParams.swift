import JSON
import Store

/// The tenant a request acts for, as it appears on the wire (`scope` in
/// `initialize` and per request). Precedence (DESIGN §4): per-request scope >
/// connection scope from `initialize` > AGENT_ORG_ID / AGENT_USER_ID /
/// AGENT_PROJECT_ID > `org_default` / `user_default`.
public struct ScopeParams: Codable, Sendable, Hashable {
    public var orgID: String?
    public var userID: String?
    public var projectID: String?

    enum CodingKeys: String, CodingKey {
        case orgID = "org_id", userID = "user_id", projectID = "project_id"
    }

    public init(orgID: String? = nil, userID: String? = nil, projectID: String? = nil) {
        self.orgID = orgID
        self.userID = userID
        self.projectID = projectID
    }

    /// A bad scope is -32003 (`invalid_scope`), not -32602, wherever it appears.
    public static let schema: JSONValue = Schema.failing(Schema.object([
        "org_id": idSchema, "user_id": idSchema, "project_id": Schema.nullable(idSchema),
    ]), with: invalidScopeCode)

    public static let idSchema = SafeIDSchema.id
    /// A `project_id` param beside the scope (groups): a scope id, so a bad one is -32003 too.
    public static let projectIDSchema = Schema.failing(Schema.nullable(idSchema), with: invalidScopeCode)

    /// The JSON-RPC code of `invalid_scope`, which a failure inside a scope schema carries.
    public static let invalidScopeCode = -32003

    /// Fills what this layer leaves open from `fallback`.
    public func over(_ fallback: ScopeParams) -> ScopeParams {
        ScopeParams(orgID: orgID ?? fallback.orgID, userID: userID ?? fallback.userID, projectID: projectID ?? fallback.projectID)
    }

    /// Checks every present field; `path` prefixes the field in errors.
    public func validate(path: String) throws(RuntimeError) {
        for (name, value) in [("org_id", orgID), ("user_id", userID), ("project_id", projectID)] {
            guard let value else { continue }
            if let problem = Self.problem(value) {
                throw RuntimeError(.invalidScope, "\(path).\(name) \(problem)", path: "\(path).\(name)")
            }
        }
    }

    static func problem(_ value: String) -> String? { SafeID.problem(value) }
}
