import JSON
import Testing
@testable import REST

/// Header > body > query; a token binds its org and user and may only be narrowed.
struct ScopeResolverTests {
    let token = TokenIdentity(tokenID: "tok_1", orgID: "acme", userID: "ann", projectID: nil)

    func sources(headers: [String: String] = [:], body: JSONValue? = nil, query: String = "") -> ScopeResolver.Sources {
        .init(headers: headers, body: body, query: QueryString.parse(query))
    }

    @Test func withoutATokenHeadersWinThenTheBodyThenTheQuery() throws {
        let scope = try ScopeResolver.resolve(sources(headers: ["x-org-id": " acme "], body: ["org_id": "body", "user_id": "ann"], query: "user_id=q&project_id=p"),
                                              token: nil)
        #expect(scope == ["org_id": "acme", "user_id": "ann", "project_id": "p"])
        #expect(throws: RESTError.validation("org_id is required", field: "org_id")) {
            try ScopeResolver.resolve(sources(headers: ["x-org-id": "  ", "x-user-id": "ann"]), token: nil)
        }
        #expect(throws: RESTError.validation("user_id is required", field: "user_id")) {
            try ScopeResolver.resolve(sources(headers: ["x-org-id": "acme"]), token: nil)
        }
    }

    @Test func aTokenIsTheScopeAndNamingAnotherOrgOrUserIsForbidden() throws {
        #expect(try ScopeResolver.resolve(sources(), token: token) == ["org_id": "acme", "user_id": "ann"])
        #expect(try ScopeResolver.resolve(sources(headers: ["x-org-id": "acme", "x-project-id": "p2"]), token: token)
                == ["org_id": "acme", "user_id": "ann", "project_id": "p2"])
        #expect(throws: RESTError.forbidden("the token is not valid for org evil", field: "org_id")) {
            try ScopeResolver.resolve(sources(query: "org_id=evil"), token: token)
        }
        #expect(throws: RESTError.self) { try ScopeResolver.resolve(sources(body: ["user_id": "bob"]), token: token) }
        var bound = token
        bound.projectID = "p1"
        #expect(try ScopeResolver.resolve(sources(), token: bound)["project_id"] == "p1")
        #expect(throws: RESTError.self) { try ScopeResolver.resolve(sources(headers: ["x-project-id": "p2"]), token: bound) }
        #expect(throws: RESTError.validation("org_id must be a string", field: "org_id")) {
            try ScopeResolver.resolve(sources(body: ["org_id": 5]), token: token)
        }
    }
}
