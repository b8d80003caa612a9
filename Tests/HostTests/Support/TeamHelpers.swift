import Foundation
import RPC
import Testing

/// Roles and groups for the team tests.
extension HostProcess {
    /// Creates a role whose agent answers with `script` (scripted provider).
    func createRole(_ name: String, lead: Bool = false, script: JSONValue? = nil, allowed: [String] = [], denied: [String] = [],
                    prompt: String = "You help.", maxSteps: Int? = nil, scope: JSONValue? = nil) async throws -> String {
        var params: [String: JSONValue] = ["name": .string(name), "system_prompt": .string(prompt), "is_lead": .bool(lead),
                                           "allowed_tools": .array(allowed.map(JSONValue.string)), "denied_tools": .array(denied.map(JSONValue.string))]
        if let script { params["model"] = ["provider": "scripted", "script": script] }
        if let maxSteps, case .object(var model) = params["model"] ?? [:] {
            model["max_steps"] = .int(Int64(maxSteps))
            params["model"] = .object(model)
        }
        if let scope { params["scope"] = scope }
        let role = try await result("roles/create", .object(params))
        #expect(try SchemaFiles.failures(of: role, method: "roles/create").isEmpty)
        return try #require(role["id"]?.stringValue)
    }

    /// Creates a group with `roles` as members, in order.
    func createGroup(_ name: String, roles: [String], config: JSONValue? = nil, scope: JSONValue? = nil) async throws -> String {
        var params: [String: JSONValue] = ["name": .string(name)]
        if let config { params["config"] = config }
        if let scope { params["scope"] = scope }
        let group = try await result("groups/create", .object(params))
        let id = try #require(group["id"])
        for role in roles {
            var add: [String: JSONValue] = ["group_id": id, "role_id": .string(role)]
            if let scope { add["scope"] = scope }
            _ = try await result("groups/members/add", .object(add))
        }
        return try #require(id.stringValue)
    }

    /// Events of a run without the token stream.
    func events(_ runID: String) async throws -> [JSONValue] {
        try await allEvents(runID).filter { $0["type"] != "llm.token" }
    }
}

/// The error code of a reply, if it is an error.
func errorCode(_ reply: JSONValue?) -> Int64? { reply?["error"]?["code"]?.intValue }
