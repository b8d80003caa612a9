import Foundation
import RPC
import Testing

/// Ids are not paths: every id that may reach the filesystem is refused by
/// one rule on every method family (-32602, or -32003 inside `scope`), with
/// `data.path`, and nothing is created on disk.
@Suite struct IdentifierTests {
    /// Ids a hostile client would try: traversal, separators, encodings,
    /// NUL, length, Unicode look-alikes, hidden names and our own no-project
    /// folder name.
    static let corpus: [String] = [
        ".", "..", "../oi-escape-probe", "../../etc", "a/b", "/abs", "a\\b", "%2e%2e", "%2e%2e%2fx", "a\u{0}b", "a\nb", "ok\n",
        String(repeating: "a", count: 129), "．．", "a∕b", "ｏｒｇ", ".hidden", ".none", "", " ", "a b",
    ]

    /// (method, params with the id at `path`); `{}` stands for the hostile id.
    static func cases(_ id: String) -> [(String, JSONValue, String)] {
        let v = JSONValue.string(id)
        return [
            ("runs/create", ["input": "x", "session_key": v], "params.session_key"),
            ("runs/create", ["input": "x", "agent_id": v], "params.agent_id"),
            ("runs/create", ["input": "x", "agent": ["skills": [v]]], "params.agent.skills[0]"),
            ("runs/create", ["input": "x", "scope": ["org_id": v]], "params.scope.org_id"),
            ("runs/create", ["input": "x", "scope": ["org_id": "o", "user_id": v]], "params.scope.user_id"),
            ("runs/create", ["input": "x", "scope": ["org_id": "o", "user_id": "u", "project_id": v]], "params.scope.project_id"),
            ("runs/get", ["run_id": v], "params.run_id"),
            ("runs/events", ["run_id": v], "params.run_id"),
            ("runs/subscribe", ["session_key": v], "params.session_key"),
            ("sessions/runs", ["session_key": v], "params.session_key"),
            ("roles/get", ["role_id": v], "params.role_id"),
            ("roles/delete", ["role_id": v], "params.role_id"),
            ("groups/get", ["group_id": v], "params.group_id"),
            ("groups/create", ["name": "g", "project_id": v], "params.project_id"),
            ("groups/members/add", ["group_id": "g", "role_id": v], "params.role_id"),
            ("groups/runs/create", ["group_id": v, "input": "x"], "params.group_id"),
            ("blackboard/list", ["group_id": v], "params.group_id"),
            ("blackboard/get", ["group_id": "g", "entry_id": v], "params.entry_id"),
            ("memory/get", ["id": v], "params.id"),
            ("memory/delete", ["id": v], "params.id"),
            ("memory/write", ["tier": "archival", "content": "x", "group_id": v], "params.group_id"),
            ("memory/core/get", ["role_id": v], "params.role_id"),
            ("skills/create", ["name": v], "params.name"),
            ("skills/get", ["skill_id": v], "params.skill_id"),
            ("tools/list", ["scope": ["org_id": v]], "params.scope.org_id"),
        ]
    }

    @Test(arguments: TestBackend.all)
    func everyMethodFamilyRefusesPathLikeIdsAndWritesNothing(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let before = Self.tree(storage.dataDir)
            for id in Self.corpus {
                for (method, params, path) in Self.cases(id) {
                    let reply = try #require(await host.call(method, params), "\(method) \(path) \(id.debugDescription)")
                    let expected: Int64 = path.hasPrefix("params.scope.") || path == "params.project_id" ? -32003 : -32602
                    #expect(reply["error"]?["code"] == .int(expected), "\(method) \(path) = \(id.debugDescription): \(reply.description.prefix(300))")
                    #expect(reply["error"]?["data"]?["path"]?.stringValue == path, "\(method) \(id.debugDescription): \(reply.description.prefix(300))")
                }
            }
            #expect(try await host.result("runs/list", [:])["runs"] == [])
            #expect(try await host.result("skills/list", [:])["skills"]?.arrayValue?.isEmpty == true)
            // Not one file or folder more in the data folder than before (the database file aside).
            #expect(Self.tree(storage.dataDir).subtracting(before).filter { !$0.contains("openintern.sqlite") }.isEmpty)
            #expect(!FileManager.default.fileExists(atPath: (storage.dataDir as NSString).deletingLastPathComponent + "/oi-escape-probe"))
        }
    }

    @Test func aConnectionScopeAndAnEnvironmentScopeFollowTheSameRule() async throws {
        for id in ["..", "../other", "a/b", ".none"] {
            let host = try HostProcess()
            let reply = try #require(await host.initialize(scope: ["org_id": .string(id)]))
            #expect(reply["error"]?["code"] == .int(-32003), "\(id): \(reply)")
            #expect(reply["error"]?["data"]?["path"] == "params.scope.org_id")
            // From the environment: every request that needs a scope says which one is bad.
            let env = try HostProcess(environment: ["AGENT_PROJECT_ID": id])
            #expect(await env.initialize()?["result"] != nil)
            let refused = try #require(await env.call("runs/create", ["input": "x"]))
            #expect(refused["error"]?["code"] == .int(-32003), "\(id): \(refused)")
            #expect(refused["error"]?["data"]?["path"] == "params.scope.project_id")
        }
    }

    @Test func theNoProjectFolderIsNoValidProjectsAndTenantsStayInTheirOwnFolder() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            // A run without a project and a run in a project that looks like the old "_" folder name.
            let write = Script.turns([Script.tools([("file_write", ["path": "who.txt", "content": "no project"])]), Script.text("done")])
            let first = try await host.createRun("write", script: write)
            try await host.waitFor(first["run_id"]!.stringValue!, ["completed"])
            let inProject = Script.turns([Script.tools([("file_write", ["path": "who.txt", "content": "project _"])]), Script.text("done")])
            let second = try await host.createRun("write", script: inProject, extra: ["scope": ["org_id": "org_default", "user_id": "user_default", "project_id": "_"]])
            try await host.waitFor(second["run_id"]!.stringValue!, ["completed"], scope: ["org_id": "org_default", "user_id": "user_default", "project_id": "_"])
            let base = storage.dataDir + "/workspace/org_default/user_default/"
            #expect(try String(contentsOfFile: base + ".none/who.txt", encoding: .utf8) == "no project")
            #expect(try String(contentsOfFile: base + "_/who.txt", encoding: .utf8) == "project _")
            // A tenant folder replaced by a link into another tenant's folder is refused, not followed.
            try FileManager.default.createDirectory(atPath: storage.dataDir + "/workspace/victim/user/.none", withIntermediateDirectories: true)
            try "victim's".write(toFile: storage.dataDir + "/workspace/victim/user/.none/secret.txt", atomically: true, encoding: .utf8)
            try FileManager.default.createDirectory(atPath: storage.dataDir + "/workspace/mallory", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: storage.dataDir + "/workspace/mallory/user", withDestinationPath: storage.dataDir + "/workspace/victim/user")
            let read = Script.turns([Script.tools([("file_read", ["path": "secret.txt"])]), Script.text("done")])
            let mallory: JSONValue = ["org_id": "mallory", "user_id": "user"]
            let third = try await host.createRun("read", script: read, extra: ["scope": mallory])
            let ended = try await host.waitFor(third["run_id"]!.stringValue!, ["completed", "failed"], scope: mallory)
            let events = try await host.result("runs/events", ["run_id": third["run_id"]!, "scope": mallory, "limit": 1000])
            #expect(!events.description.contains("victim's"), "\(ended)")
            #expect(ended["status"] == "failed")
            #expect(ended["error"]?["message"]?.stringValue?.contains("tenant folder") == true, "\(ended)")
        }
    }

    @Test func theCommandLineFollowsTheSameRule() async throws {
        let dir = NSTemporaryDirectory() + "oi-cli-ids-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for bad in ["../x", "a/b", ".hidden"] {
            let session = try await CLIProcess.run(["run", "hi", "--session", bad], env: ["DATA_DIR": dir])
            #expect(session.status != 0)
            #expect(session.stderr.contains("--session"), "\(session.stderr)")
            let scoped = try await CLIProcess.run(["run", "hi"], env: ["DATA_DIR": dir, "AGENT_USER_ID": bad])
            #expect(scoped.status != 0)
            #expect(scoped.stderr.contains("user_id"), "\(scoped.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/workspace"))
    }

    /// Every path under `root`, relative.
    static func tree(_ root: String) -> Set<String> {
        Set((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? [])
    }
}
