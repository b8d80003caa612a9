import Foundation
import LoopbackServer
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Feishu connectors over the pipe against a loopback Open API: a sync walks
/// Drive folders and wiki nodes through paging, a 429 and an expired token;
/// re-syncs skip unchanged revisions, replace changed documents and drop
/// deleted ones; nothing crosses tenants, and credentials appear nowhere.
@Suite struct FeishuSyncTests {
    static let scope: JSONValue = ["org_id": "org_default", "user_id": "user_default", "project_id": "p1"]
    static let config: JSONValue = [
        "folder_tokens": ["fldcnRoot"], "wiki_node_tokens": ["wikcnRoot"], "bitable_app_tokens": ["bascnApp"], "poll_interval_seconds": 300,
    ]

    static func start(_ storage: TestStorage, _ fake: FakeFeishu, pollMs: Int? = nil) async throws -> (HostProcess, JSONValue) {
        let host = try await HostProcess.started(storage, scope: scope, environment: fake.environment(pollMs: pollMs))
        let connector = try await host.result("connectors/feishu/create", ["name": "Team space", "config": config])
        return (host, try #require(connector["id"]))
    }

    @Test(arguments: TestBackend.all)
    func aSyncWalksFoldersAndWikiNodesThroughPagingA429AndAnExpiredToken(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            let (host, id) = try await Self.start(storage, fake)
            let job = try await host.result("connectors/feishu/sync", ["connector_id": id])
            #expect(job["status"] == "completed", "\(job)")
            #expect(job["trigger"] == "manual" && job["connector_id"] == id)
            let stats = try #require(job["stats"])
            #expect(stats["discovered"] == 5 && stats["processed"] == 5 && stats["docx_docs"] == 5 && stats["failed"] == 0, "\(stats)")
            #expect(stats["skipped"] == 3, "a Drive sheet, a wiki sheet and a bitable app: \(stats)")
            #expect((stats["chunk_count"]?.intValue ?? 0) >= 5)
            #expect(job["items_total"] == 5 && job["items_done"] == 5 && job["errors"] == .array([]))
            #expect(fake.state.withLock { $0.tokensIssued } == 2, "the expired token is fetched again once")
            let targets = fake.server.requests.map(\.target)
            #expect(targets.contains { $0.contains("page_token=MTY1page2") } && targets.contains { $0.contains("page_token=wikpage2") })
            #expect(targets.filter { $0.contains("folder_token=fldcnNested") }.count == 2, "the 429 is retried")

            let found = try await host.result("memory/search", ["query": "okapi deep inside", "k": 3])
            let hit = try #require(found["hits"]?.arrayValue?.first)
            let memory = try await host.result("memory/get", ["id": try #require(hit["memory_id"])])
            #expect(memory["metadata"]?["revision_id"] == "5" && memory["metadata"]?["document_id"] == "doxcnW3", "\(memory)")
            // Another user of the project reads the same project-shared memories.
            let colleague: JSONValue = ["org_id": "org_default", "user_id": "user_other", "project_id": "p1"]
            #expect(try await host.result("memory/search", ["query": "axolotl tank", "scope": colleague])["hits"]?.arrayValue?.isEmpty == false)

            let jobs = try await host.result("connectors/feishu/jobs", ["connector_id": id])
            #expect(jobs["jobs"]?.arrayValue?.count == 1)
            let connector = try await host.result("connectors/feishu/get", ["connector_id": id])
            #expect(connector["last_success_at"] != nil && connector["last_success_at"] != .null)
            host.closeStdin()
            _ = await host.waitExit()
            let log = String(decoding: host.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!log.contains(fake.appSecret) && !job.description.contains(fake.appSecret) && !connector.description.contains(fake.appSecret))
            #expect(!log.contains("t-caecc734c2e3328a62489fe0648c4b9"))
        }
    }

    @Test(arguments: TestBackend.all)
    func reSyncSkipsUnchangedReplacesChangedAndDropsDeletedDocuments(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            let (host, id) = try await Self.start(storage, fake)
            _ = try await host.result("connectors/feishu/sync", ["connector_id": id])
            let again = try await host.result("connectors/feishu/sync", ["connector_id": id])
            #expect(again["stats"]?["processed"] == 0 && again["stats"]?["skipped"] == 8, "\(again)")
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"]?.arrayValue?.count == 5)

            fake.state.withLock { s in
                s.docs["doxcnA"] = FakeFeishu.Doc(revision: 4, title: "Spec", content: "Spec\nThe pipeline now stores walrus tide tables.\n")
                s.nestedFolder = []
            }
            let changed = try await host.result("connectors/feishu/sync", ["connector_id": id])
            #expect(changed["stats"]?["processed"] == 1 && changed["stats"]?["discovered"] == 4, "\(changed)")
            #expect(changed["stats"]?["deleted"] == 1)
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"]?.arrayValue?.count == 4)
            let old = try await host.result("memory/search", ["query": "narwhal migration charts", "mode": "text"])
            #expect(old["hits"]?.arrayValue?.isEmpty == true, "\(old)")
            let gone = try await host.result("memory/search", ["query": "cassowaries guard", "mode": "text"])
            #expect(gone["hits"]?.arrayValue?.isEmpty == true)
            let new = try await host.result("memory/search", ["query": "walrus tide tables", "mode": "text"])
            #expect(new["hits"]?.arrayValue?.count == 1)
        }
    }

    @Test func disabledFeishuAndAMissingProjectAreTypedErrors() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            let connector = try await host.result("connectors/feishu/create", ["name": "Off", "config": [:], "scope": Self.scope])
            #expect(connector["config"]?["poll_interval_seconds"] == 300 && connector["config"]?["chunking"]?["target_tokens"] == 600)
            let sync = await host.call("connectors/feishu/sync", ["connector_id": try #require(connector["id"]), "scope": Self.scope])
            #expect(errorCode(sync) == -32016 && sync?["error"]?["data"]?["code"] == "FEISHU_SYNC_DISABLED", "\(String(describing: sync))")
            let noProject = await host.call("connectors/feishu/create", ["name": "x", "config": [:]])
            #expect(errorCode(noProject) == -32602 && noProject?["error"]?["data"]?["path"] == "params.scope.project_id")
            let badRange = await host.call("connectors/feishu/create", ["name": "x", "config": ["poll_interval_seconds": 5], "scope": Self.scope])
            #expect(errorCode(badRange) == -32602 && badRange?["error"]?["data"]?["path"]?.stringValue?.contains("poll_interval_seconds") == true)
            #expect(errorCode(await host.call("connectors/feishu/get", ["connector_id": "fconn_nope", "scope": Self.scope])) == -32001)
        }
    }

    @Test(arguments: TestBackend.all)
    func connectorsTheirJobsAndTheirMemoriesAreInvisibleToAnotherTenant(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            let (host, id) = try await Self.start(storage, fake)
            let job = try await host.result("connectors/feishu/sync", ["connector_id": id])
            for other: JSONValue in [["org_id": "org_other", "user_id": "user_default", "project_id": "p1"],
                                     ["org_id": "org_default", "user_id": "user_default", "project_id": "p2"]] {
                #expect(errorCode(await host.call("connectors/feishu/get", ["connector_id": id, "scope": other])) == -32001)
                #expect(errorCode(await host.call("connectors/feishu/sync", ["connector_id": id, "scope": other])) == -32001)
                #expect(errorCode(await host.call("connectors/feishu/update", ["connector_id": id, "name": "mine", "scope": other])) == -32001)
                #expect(errorCode(await host.call("connectors/feishu/delete", ["connector_id": id, "scope": other])) == -32001)
                #expect(try await host.result("connectors/feishu/list", ["scope": other])["connectors"] == .array([]))
                #expect(errorCode(await host.call("jobs/get", ["job_id": try #require(job["id"]), "scope": other])) == -32001)
                #expect(try await host.result("memory/search", ["query": "okapi", "scope": other])["hits"]?.arrayValue?.isEmpty == true)
            }
        }
    }

    @Test func thePollerSyncsAConnectorThatWasNeverSynced() async throws {
        try await withStorage(.sqlite) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            let (host, id) = try await Self.start(storage, fake, pollMs: 1000)
            let deadline = ContinuousClock.now + .seconds(30)
            var jobs: [JSONValue] = []
            while ContinuousClock.now < deadline {
                jobs = try await host.result("connectors/feishu/jobs", ["connector_id": id])["jobs"]?.arrayValue ?? []
                if jobs.first?["status"] == "completed" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(jobs.count == 1 && jobs.first?["trigger"] == "poll" && jobs.first?["status"] == "completed", "\(jobs)")
        }
    }

    @Test(arguments: TestBackend.all)
    func aSyncKilledMidWayResumesWithTheDocumentsItHadNotDone(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            fake.state.withLock { $0.rawContentDelayMs = 400 }
            var (host, id) = try await Self.start(storage, fake)
            let job = try await host.result("connectors/feishu/sync", ["connector_id": id, "wait": false])
            let jobID = try #require(job["id"]?.stringValue)
            let deadline = ContinuousClock.now + .seconds(30)
            while fake.state.withLock({ $0.rawContentCalls.count }) < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit(timeout: .seconds(10))
            let before = fake.state.withLock { $0.rawContentCalls.count }

            host = try await HostProcess.started(storage, scope: Self.scope, environment: fake.environment())
            let done = try await host.waitForJob(jobID)
            #expect(done["state"] == "completed" && done["attempts"] == 2, "\(done)")
            #expect(done["items_done"] == 5 && done["stats"]?["docx_docs"] == 5, "\(done)")
            let calls = fake.state.withLock { $0.rawContentCalls }
            #expect(calls.count <= before + 3 && Set(calls).count == 5, "documents stored before the kill are not fetched again: \(calls)")
            let listings = fake.server.requests.filter { $0.target.contains("folder_token=fldcnRoot") && !$0.target.contains("page_token") }
            #expect(listings.count == 1, "the discovered list is reused")
            let events = try await host.jobEvents(jobID)
            #expect(events.filter { $0["type"] == "job.completed" }.count == 1)
            #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"]?.arrayValue?.count == 5)
        }
    }
}
