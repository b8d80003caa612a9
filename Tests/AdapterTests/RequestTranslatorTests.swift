import JSON
import Testing
@testable import REST

/// Path, query and body become params; scope fields never do.
struct RequestTranslatorTests {
    func route(_ verb: String, _ path: String) throws -> (Route, [String: String]) { try RouteTable.resolve(verb, path).get() }

    @Test func queryValuesAreReadByKindAndEmptyTextIsNoValue() throws {
        let (runs, path) = try route("GET", "/api/runs")
        let params = try RequestTranslator.params(for: runs, path: path, query: QueryString.parse("status=completed,failed&status=running&limit=5&cursor=&org_id=acme"),
                                                  body: nil, scope: ["org_id": "acme", "user_id": "ann"])
        #expect(params["status"] == ["completed", "failed", "running"])
        #expect(params["limit"] == 5 && params["cursor"] == nil && params["org_id"] == nil)
        #expect(params["scope"] == ["org_id": "acme", "user_id": "ann"])
        #expect(throws: RESTError.validation("limit must be an integer", field: "limit")) {
            try RequestTranslator.params(for: runs, path: path, query: [("limit", "ten")], body: nil, scope: nil)
        }
        let (delete, values) = try route("DELETE", "/api/roles/r1")
        #expect(try RequestTranslator.params(for: delete, path: values, query: [("force", "1")], body: nil, scope: nil)["force"] == true)
    }

    @Test func aBodyLosesItsScopeFieldsButAGroupKeepsItsProject() throws {
        let (create, values) = try route("POST", "/api/runs")
        let params = try RequestTranslator.params(for: create, path: values, query: [],
                                                  body: ["input": "hi", "org_id": "acme", "user_id": "ann", "project_id": "p"], scope: nil)
        #expect(params == ["input": "hi"])
        let (group, none) = try route("POST", "/api/groups")
        #expect(try RequestTranslator.params(for: group, path: none, query: [], body: ["name": "g", "project_id": "p"], scope: nil)["project_id"] == "p")
        #expect(throws: RESTError.self) { try RequestTranslator.params(for: create, path: values, query: [], body: ["input"], scope: nil) }
    }

    @Test func theSeedsApprovalAndBlackboardBodiesBecomeOurParams() throws {
        let (approve, values) = try route("POST", "/api/runs/run_1/approve")
        let params = try RequestTranslator.params(for: approve, path: values, query: [], body: ["tool_call_id": "call_1", "modified_args": [:]], scope: nil)
        #expect(params == ["call_id": "call_1", "decision": "allow_once", "run_id": "run_1", "modified_args": [:]])
        let edited = try RequestTranslator.params(for: approve, path: values, query: [], body: ["tool_call_id": "c", "modified_args": ["x": 1]], scope: nil)
        #expect(edited["modified_args"] == ["x": 1] && edited["call_id"] == "c")
        let (reject, rejected) = try route("POST", "/api/runs/run_1/reject")
        #expect(try RequestTranslator.params(for: reject, path: rejected, query: [], body: ["tool_call_id": "c", "reason": "no"], scope: nil)
            == ["call_id": "c", "reason": "no", "run_id": "run_1"])
        let (inject, injected) = try route("POST", "/api/runs/run_1/inject")
        #expect(try RequestTranslator.params(for: inject, path: injected, query: [], body: ["message": "also this"], scope: nil)
            == ["message": "also this", "run_id": "run_1"])
        let (write, group) = try route("POST", "/api/groups/g1/blackboard")
        func kind(_ body: JSONValue) throws -> JSONValue? {
            try RequestTranslator.params(for: write, path: group, query: [], body: body, scope: nil)["type"]
        }
        #expect(try kind(["type": "core", "text": "t", "role_id": "r"]) == "decision")
        #expect(try kind(["type": "episodic", "text": "t", "role_id": "r"]) == "note")
        #expect(try kind(["type": "episodic", "text": "t", "role_id": "r", "metadata": ["episodic_type": "TODO"]]) == "todo")
        let full = try RequestTranslator.params(for: write, path: group, query: [], body: ["type": "archival", "text": "t", "role_id": "r", "importance": 0.4], scope: nil)
        #expect(full["content"] == "t" && full["metadata"] == ["importance": 0.4] && full["group_id"] == "g1")
        #expect(throws: RESTError.validation("role_id is required", field: "role_id")) {
            try RequestTranslator.params(for: write, path: group, query: [], body: ["type": "core", "text": "t"], scope: nil)
        }
    }
}
