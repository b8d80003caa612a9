import RPC

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

    public static let schema: JSONValue = Schema.object([
        "org_id": idSchema, "user_id": idSchema, "project_id": Schema.nullable(idSchema),
    ])

    public static let idSchema = Schema.string(minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9._:-]+$")

    /// Fills what this layer leaves open from `fallback`.
    public func over(_ fallback: ScopeParams) -> ScopeParams {
        ScopeParams(orgID: orgID ?? fallback.orgID, userID: userID ?? fallback.userID, projectID: projectID ?? fallback.projectID)
    }

    /// Checks every present field; `path` prefixes the field in errors.
    public func validate(path: String) throws(RPCError) {
        for (name, value) in [("org_id", orgID), ("user_id", userID), ("project_id", projectID)] {
            guard let value else { continue }
            if let problem = Self.problem(value) {
                throw RPCError(code: .invalidScope, message: "\(path).\(name) \(problem)", data: ["path": .string("\(path).\(name)")])
            }
        }
    }

    static func problem(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        if value.utf8.count > 128 { return "must be at most 128 characters" }
        let ok = value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
        }
        return ok ? nil : "may contain only letters, digits and . _ : -"
    }
}
