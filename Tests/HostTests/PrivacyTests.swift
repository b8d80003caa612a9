import Foundation
import RPC
import Testing

/// Two users of one org and project: what one user's runs read, remember or
/// summarise stays that user's; what a group shares is its blackboard.
@Suite struct PrivacyTests {
    static let ann: JSONValue = ["org_id": "acme", "user_id": "ann", "project_id": "p1"]
    static let bob: JSONValue = ["org_id": "acme", "user_id": "bob", "project_id": "p1"]
    static let fileSecret = "ANN-PRIVATE-FILE-7f3a"
    static let episodicSecret = "ANN-EPISODIC-91c2"
    static let coreSecret = "ANN-CORE-5d0e"

    @Test(arguments: TestBackend.all)
    func anotherUserSeesNoneOfAUsersPrivateContentOnlyTheBlackboard(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let ann = try await HostProcess.started(storage, scope: Self.ann)
            let folder = storage.dataDir + "/workspace/acme/ann/p1"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "Quarterly numbers: \(Self.fileSecret)".write(toFile: folder + "/numbers.txt", atomically: true, encoding: .utf8)

            // Ann's single run reads her file and answers with it.
            let read = Script.turns([Script.tools([("file_read", ["path": "numbers.txt"])]), Script.text("The file says \(Self.fileSecret).")])
            let single = try await ann.createRun("read my numbers", script: read)
            try await ann.waitFor(single["run_id"]!.stringValue!, ["completed"])
            // Her own memories.
            _ = try await ann.result("memory/write", ["tier": "episodic", "content": .string("I met the auditor: \(Self.episodicSecret)")])
            _ = try await ann.result("memory/core/set", ["label": "human", "content": .string("Ann, \(Self.coreSecret)")])

            // A group run: a member reads Ann's file (its run is Ann's); its proposal,
            // which lands on the shared blackboard, does not quote the file.
            let reader = try await ann.createRole("reader", script: Script.turns([
                Script.tools([("file_read", ["path": "numbers.txt"])]), Script.text("I read the numbers file."),
            ]))
            let lead = try await ann.createRole("lead", lead: true, script: Script.turns([Script.text(#"{"decision": "ship it", "rationale": "the reader checked"}"#)]))
            let group = try await ann.createGroup("finance", roles: [reader, lead])
            let groupRun = try await ann.result("groups/runs/create", ["group_id": .string(group), "input": "check the numbers"])
            let groupRunID = try #require(groupRun["run_id"]?.stringValue)
            try await ann.waitFor(groupRunID, ["completed"], timeout: .seconds(60))
            // Ann herself sees her summaries (the member run's included).
            let annSearch = try await ann.result("memory/search", ["query": .string(Self.fileSecret), "k": 20])
            #expect(annSearch.description.contains(Self.fileSecret), "Ann's own memory recalls her file")
            let annList = try await ann.result("memory/list", ["limit": 100])
            let annIDs = annList["memories"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []

            let bob = try await HostProcess.started(storage, scope: Self.bob)
            var seen: [String] = []
            func look(_ method: String, _ params: JSONValue) async {
                seen.append((await bob.call(method, params))?.description ?? "")
            }
            for tier in ["core", "episodic", "archival"] { await look("memory/list", ["tier": .string(tier), "limit": 100]) }
            await look("memory/list", ["limit": 100])
            for query in [Self.fileSecret, Self.episodicSecret, Self.coreSecret, "numbers", "auditor", "Quarterly"] {
                for mode in ["hybrid", "text", "vector"] { await look("memory/search", ["query": .string(query), "mode": .string(mode), "k": 100]) }
            }
            for id in annIDs { await look("memory/get", ["id": .string(id)]) }
            await look("memory/core/get", [:])
            await look("groups/runs", ["group_id": .string(group)])
            await look("groups/stats", ["group_id": .string(group)])
            await look("runs/list", ["limit": 100])
            await look("runs/get", ["run_id": single["run_id"]!])
            await look("runs/events", ["run_id": .string(groupRunID), "limit": 1000])
            await look("runs/export", ["run_id": single["run_id"]!])
            await look("blackboard/list", ["group_id": .string(group)])
            // Bob's own group run of the same group starts from the blackboard only.
            let bobRun = try await bob.result("groups/runs/create", ["group_id": .string(group), "input": "check again"])
            let bobRunID = try #require(bobRun["run_id"]?.stringValue)
            try await bob.waitFor(bobRunID, ["completed"], timeout: .seconds(60))
            seen.append(try await bob.allEvents(bobRunID).description)
            for child in bobRun["children"]?.arrayValue ?? [] { seen.append(try await bob.allEvents(child["run_id"]!.stringValue!).description) }
            await look("memory/search", ["query": .string(Self.fileSecret), "k": 100])

            for text in seen {
                for secret in [Self.fileSecret, Self.episodicSecret, Self.coreSecret] {
                    #expect(!text.contains(secret), "Bob saw \(secret) in \(text.prefix(400))")
                }
            }
            // What the group shares is there for Bob: the blackboard and its decision.
            let board = try await bob.result("blackboard/list", ["group_id": .string(group)])
            #expect(board.description.contains("I read the numbers file."))
            #expect(board.description.contains("ship it"))
            let shared = try await bob.result("memory/search", ["query": "read the numbers file", "k": 20])
            #expect(shared["hits"]?.arrayValue?.isEmpty == false, "blackboard entries are found by everyone in the project")
        }
    }
}
