import JSON
import RPC
import Runtime

/// `tokens/verify`: what an API token speaks for, so the REST adapter can
/// check a bearer token without opening the database itself.
enum TokensVerify: HostMethod {
    static let name = "tokens/verify"
    static let summary = "Checks an API token (oit_…): returns the org, user and project it is bound to, or -32014 when it is malformed, unknown or revoked."

    struct Params: Decodable, Sendable {
        var token: String
        enum CodingKeys: String, CodingKey { case token }
    }

    struct Result: Encodable, Sendable {
        var tokenID: String
        var orgID: String
        var userID: String
        var projectID: String?
        enum CodingKeys: String, CodingKey { case tokenID = "token_id", orgID = "org_id", userID = "user_id", projectID = "project_id" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(tokenID, forKey: .tokenID)
            try c.encode(orgID, forKey: .orgID)
            try c.encode(userID, forKey: .userID)
            try c.encode(projectID, forKey: .projectID)
        }
    }

    static let paramsSchema = Schema.object(["token": Schema.string(minLength: 1, maxLength: 256)], required: ["token"])
    static let resultSchema = Schema.object([
        "token_id": Schema.string(), "org_id": Schema.string(), "user_id": Schema.string(), "project_id": Schema.nullable(Schema.string()),
    ], required: ["token_id", "org_id", "user_id", "project_id"])
    static let example = Result(tokenID: "tok_01MB4ZC8J6WQ2N3P5R7T9V1X3Z", orgID: "acme", userID: "ann", projectID: nil)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let identity = try await context.runtime().tokens.verify(p.token)
        return Result(tokenID: identity.tokenID, orgID: identity.orgID, userID: identity.userID, projectID: identity.projectID)
    }
}

/// `tokens/status`: whether any token is in force. The adapter requires a
/// token on every `/api` request while one is.
enum TokensStatus: HostMethod {
    static let name = "tokens/status"
    static let summary = "Returns how many API tokens are not revoked (the REST adapter requires a token while any is)."

    typealias Params = EmptyParams

    struct Result: Encodable, Sendable {
        var active: Int
        enum CodingKeys: String, CodingKey { case active }
    }

    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.object(["active": Schema.integer(minimum: 0)], required: ["active"])
    static let example = Result(active: 1)

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        Result(active: try await context.runtime().tokens.activeCount())
    }
}
