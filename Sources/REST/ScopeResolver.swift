import JSON

/// The identity a valid API token speaks for (`tokens/verify`).
public struct TokenIdentity: Sendable, Hashable {
    public var tokenID: String
    public var orgID: String
    public var userID: String
    public var projectID: String?

    public init(tokenID: String, orgID: String, userID: String, projectID: String?) {
        self.tokenID = tokenID
        self.orgID = orgID
        self.userID = userID
        self.projectID = projectID
    }
}

/// The scope a request acts in. Where each part comes from is the seed's
/// rule — header `x-org-id` > body `org_id` > query `org_id` (the same for
/// user and project), trimmed, empty meaning missing — and a token binds it:
/// its org and user are the default and nothing else may be named (403);
/// a token bound to a project allows only that project, one without a
/// project allows any project of its org and user. With no token the org and
/// the user must be named (400).
public enum ScopeResolver {
    public struct Sources: Sendable {
        public var headers: [String: String]
        public var body: JSONValue?
        public var query: [(name: String, value: String)]

        public init(headers: [String: String], body: JSONValue?, query: [(name: String, value: String)]) {
            self.headers = headers
            self.body = body
            self.query = query
        }

        func value(_ field: String) -> String? {
            let candidates = [headers["x-" + field.replacingOccurrences(of: "_", with: "-")],
                              body?[field]?.stringValue,
                              query.last(where: { $0.name == field })?.value]
            for candidate in candidates {
                if let trimmed = candidate?.trimmingWhitespace, !trimmed.isEmpty { return trimmed }
            }
            return nil
        }
    }

    public static func resolve(_ sources: Sources, token: TokenIdentity?) throws(RESTError) -> JSONValue {
        for field in ["org_id", "user_id", "project_id"] {
            if let value = sources.body?[field], value.stringValue == nil, !(field == "project_id" && value.isNull) {
                throw RESTError.validation("\(field) must be a string", field: field)
            }
        }
        let org = sources.value("org_id"), user = sources.value("user_id"), project = sources.value("project_id")
        var scope: [String: JSONValue]
        if let token {
            if let org, org != token.orgID { throw RESTError.forbidden("the token is not valid for org \(org)", field: "org_id") }
            if let user, user != token.userID { throw RESTError.forbidden("the token is not valid for user \(user)", field: "user_id") }
            if let bound = token.projectID, let project, project != bound {
                throw RESTError.forbidden("the token is bound to another project than \(project)", field: "project_id")
            }
            scope = ["org_id": .string(token.orgID), "user_id": .string(token.userID)]
            if let chosen = token.projectID ?? project { scope["project_id"] = .string(chosen) }
        } else {
            guard let org else { throw RESTError.validation("org_id is required", field: "org_id") }
            guard let user else { throw RESTError.validation("user_id is required", field: "user_id") }
            scope = ["org_id": .string(org), "user_id": .string(user)]
            if let project { scope["project_id"] = .string(project) }
        }
        return .object(scope)
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
