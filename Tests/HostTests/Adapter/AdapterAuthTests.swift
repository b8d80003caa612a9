import Foundation
import RPC
import Testing

/// Tokens over HTTP: once one exists every /api request needs one, a token
/// binds its org and user (headers may only narrow), and a token of org A
/// never reaches org B's runs through any route.
@Suite struct AdapterAuthTests {
    /// `oi-host tokens create` on the test's storage; the token alone on stdout.
    static func token(_ storage: TestStorage, org: String, user: String, project: String? = nil) async throws -> String {
        var args = ["tokens", "create", "--org", org, "--user", user]
        if let project { args += ["--project", project] }
        let out = try await CLIProcess.run(args, env: storage.environment)
        #expect(out.status == 0, "\(out.stderr)")
        let token = out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("oit_") && !token.contains("\n"))
        return token
    }

    @Test(arguments: TestBackend.all)
    func aTokenOfOneOrgNeverSeesAnothersRunsThroughAnyRoute(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let alice = try await Self.token(storage, org: "org_a", user: "alice")
            let bob = try await Self.token(storage, org: "org_b", user: "bob")
            let adapter = try await AdapterProcess.start(storage, arguments: ["--token-cache-ms", "100"])

            let created = try await adapter.send("POST", "/api/runs", json: ["input": "b's secret", "session_key": "s_b"], token: bob)
            #expect(created.status == 201, "\(created.text)")
            let runID = try #require(created.json["run_id"]?.stringValue)
            #expect(created.json["scope"]?["org_id"] == "org_b" && created.json["scope"]?["user_id"] == "bob")
            try await adapter.waitForRun(runID, ["completed"], token: bob)

            for (verb, path) in [("GET", "/api/runs/\(runID)"), ("GET", "/api/runs/\(runID)/events"), ("GET", "/api/runs/\(runID)/export"),
                                 ("POST", "/api/runs/\(runID)/cancel"), ("GET", "/api/runs/\(runID)/stream")] {
                let reply = try await adapter.send(verb, path, token: alice)
                #expect(reply.status == 404, "\(verb) \(path) as org_a: \(reply.status) \(reply.text)")
            }
            let approve = try await adapter.send("POST", "/api/runs/\(runID)/approve", json: ["tool_call_id": "call_1"], token: alice)
            #expect(approve.status == 404, "\(approve.text)")
            #expect(try await adapter.send("GET", "/api/runs", token: alice).json["runs"] == .array([]))
            #expect(try await adapter.send("GET", "/api/sessions/s_b/runs", token: alice).json["total"] == 0)
            let stream = try await RawSSEClient.run(port: adapter.port, path: "/api/runs/\(runID)/stream?access_token=\(alice)") { $0.status }
            #expect(stream == 404)

            // Naming another org, or another user, is refused; the token's own org is fine.
            let otherOrg = try await adapter.send("GET", "/api/runs", token: alice, headers: ["x-org-id": "org_b"])
            #expect(otherOrg.status == 403 && otherOrg.errorCode == "FORBIDDEN" && otherOrg.json["error"]?["details"]?["field"] == "org_id")
            let otherUser = try await adapter.send("POST", "/api/runs", json: ["input": "x", "user_id": "bob"], token: alice)
            #expect(otherUser.status == 403 && otherUser.json["error"]?["details"]?["field"] == "user_id")
            let inQuery = try await adapter.send("GET", "/api/runs?org_id=org_b", token: alice)
            #expect(inQuery.status == 403)
            #expect(try await adapter.send("GET", "/api/runs", token: alice, headers: ["x-org-id": "org_a"]).status == 200)
            // Bob's own view is untouched.
            #expect(try await adapter.send("GET", "/api/runs/\(runID)", token: bob).json["input"] == "b's secret")
        }
    }

    @Test func withATokenInForceEveryAPIRequestNeedsOneAndRevocationTakesEffect() async throws {
        try await withStorage(.sqlite) { storage in
            let token = try await Self.token(storage, org: "acme", user: "ann", project: "p1")
            let adapter = try await AdapterProcess.start(storage, arguments: ["--token-cache-ms", "100"])
            let missing = try await adapter.send("GET", "/api/runs", scope: ("acme", "ann", nil))
            #expect(missing.status == 401 && missing.errorCode == "UNAUTHORIZED" && missing.headers["WWW-Authenticate"] == "Bearer")
            #expect(try await adapter.send("GET", "/api/runs", token: "oit_nonsense").status == 401)
            #expect(try await adapter.send("GET", "/api/runs", token: String(token.dropLast(2)) + "xx").status == 401)
            #expect(try await adapter.send("GET", "/health").status == 200, "health needs no token")
            #expect(try await adapter.send("GET", "/api/health").status == 200)

            // A token bound to a project allows that project only.
            let own = try await adapter.send("POST", "/api/runs", json: ["input": "hi"], token: token)
            #expect(own.json["scope"]?["project_id"] == "p1", "\(own.text)")
            #expect(try await adapter.send("GET", "/api/runs", token: token, headers: ["x-project-id": "p2"]).status == 403)
            #expect(try await adapter.send("GET", "/api/runs", token: token, headers: ["x-project-id": "p1"]).status == 200)

            // A stream may carry the token in its query (EventSource sends no headers); other routes may not.
            let runID = try #require(own.json["run_id"]?.stringValue)
            try await adapter.waitForRun(runID, ["completed"], token: token)
            let events = try await RawSSEClient.run(port: adapter.port, path: "/api/runs/\(runID)/stream?access_token=\(token)") { try $0.events() }
            #expect(events.last?.json["type"] == "run.completed")
            #expect(try await adapter.send("GET", "/api/runs?access_token=\(token)").status == 401)

            let list = try await CLIProcess.run(["tokens", "list", "--json"], env: storage.environment)
            let tokenID = try #require(try JSONParser.parse(list.stdout)["tokens"]?[0]?["token_id"]?.stringValue)
            #expect(!list.stdout.contains(token), "a listing never shows the secret")
            let revoked = try await CLIProcess.run(["tokens", "revoke", tokenID], env: storage.environment)
            #expect(revoked.status == 0, "\(revoked.stderr)")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await adapter.send("GET", "/api/runs", token: token).status == 401)
            // With no token left in force, the loopback adapter trusts its callers again.
            #expect(try await adapter.send("GET", "/api/runs", scope: ("acme", "ann", nil)).status == 200)
            #expect(!adapter.logText.contains(token), "the token is never logged")
        }
    }

    @Test func scopeIsRequiredWithoutATokenAndBodiesHaveALimit() async throws {
        try await withStorage(.sqlite) { storage in
            let adapter = try await AdapterProcess.start(storage, arguments: ["--max-body-bytes", "4096", "--cors-origin", "http://console.test"])
            let noOrg = try await adapter.send("GET", "/api/runs", headers: ["x-user-id": "ann"])
            #expect(noOrg.status == 400 && noOrg.json["error"]?["details"]?["field"] == "org_id" && noOrg.json["error"]?["message"] == "org_id is required")
            let noUser = try await adapter.send("GET", "/api/runs", headers: ["x-org-id": "acme"])
            #expect(noUser.status == 400 && noUser.json["error"]?["details"]?["field"] == "user_id")
            let fromBody = try await adapter.send("POST", "/api/runs", json: ["input": "hi", "org_id": "acme", "user_id": "ann"])
            #expect(fromBody.status == 201 && fromBody.json["scope"]?["org_id"] == "acme", "\(fromBody.text)")
            let fromQuery = try await adapter.send("GET", "/api/runs?org_id=acme&user_id=ann")
            #expect(fromQuery.json["runs"]?.arrayValue?.count == 1)
            let headerWins = try await adapter.send("GET", "/api/runs?org_id=acme&user_id=ann", headers: ["x-org-id": "zeta"])
            #expect(headerWins.json["runs"] == .array([]))
            let badID = try await adapter.send("GET", "/api/runs", scope: ("../etc", "ann", nil))
            #expect(badID.status == 400 && badID.json["error"]?["details"]?["rpc_code"] == .int(-32003), "\(badID.text)")

            let big = try await adapter.send("POST", "/api/runs", json: ["input": .string(String(repeating: "x", count: 10_000))], scope: ("acme", "ann", nil))
            #expect(big.status == 413 && big.errorCode == "PAYLOAD_TOO_LARGE", "\(big.text)")

            let allowed = try await adapter.send("GET", "/api/runs", scope: ("acme", "ann", nil), headers: ["Origin": "http://console.test"])
            #expect(allowed.headers["Access-Control-Allow-Origin"] == "http://console.test")
            let other = try await adapter.send("GET", "/api/runs", scope: ("acme", "ann", nil), headers: ["Origin": "http://evil.test"])
            #expect(other.headers["Access-Control-Allow-Origin"] == nil)
            let preflight = try await adapter.send("OPTIONS", "/api/runs", headers: ["Origin": "http://console.test", "Access-Control-Request-Method": "POST"])
            #expect(preflight.status == 204 && preflight.headers["Access-Control-Allow-Headers"]?.contains("authorization") == true)
        }
    }

    @Test func withoutATokenTheAdapterRefusesToListenBeyondLoopback() async throws {
        try await withStorage(.sqlite) { storage in
            do {
                _ = try await AdapterProcess.start(storage, arguments: ["--host", "0.0.0.0"])
                Issue.record("it listened on 0.0.0.0 with no token")
            } catch let failure as AdapterStartFailure {
                #expect(failure.log.contains("refusing to listen on 0.0.0.0"), "\(failure.log)")
            }
        }
    }
}
