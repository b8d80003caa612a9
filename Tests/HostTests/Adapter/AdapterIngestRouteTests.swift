import Foundation
import HTTP
import RPC
import Testing

/// The ingestion routes over HTTP: the seed's Feishu connector routes (project
/// required, 201/202, PATCH), `POST /api/ingest/pdf`, the MinerU job in the
/// seed's shape and a job's progress as server-sent events ending with `done`.
@Suite struct AdapterIngestRouteTests {
    static let ann: RESTScope = ("org_default", "user_default", "p1")
    static let headers = ["x-org-id": "org_default", "x-user-id": "user_default", "x-project-id": "p1"]

    @Test(arguments: TestBackend.all)
    func feishuConnectorsAreManagedAndSyncedOverHTTP(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            let adapter = try await AdapterProcess.start(storage, environment: fake.environment())
            let config: JSONValue = ["folder_tokens": ["fldcnRoot"], "wiki_node_tokens": ["wikcnRoot"]]
            let noProject = try await adapter.send("POST", "/api/feishu/connectors", json: ["name": "x", "config": config],
                                                   scope: ("org_default", "user_default", nil))
            #expect(noProject.status == 400 && noProject.json["error"]?["details"]?["field"] == "project_id", "\(noProject.text)")
            let created = try await adapter.send("POST", "/api/feishu/connectors", json: ["name": "Team", "config": config], scope: Self.ann)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            let patched = try await adapter.send("PATCH", "/api/feishu/connectors/\(id)", json: ["name": "Team space"], scope: Self.ann)
            #expect(patched.status == 200 && patched.json["name"] == "Team space", "\(patched.text)")
            let listed = try await adapter.send("GET", "/api/feishu/connectors", scope: Self.ann)
            #expect(listed.json["connectors"]?.arrayValue?.count == 1)

            let sync = try await adapter.send("POST", "/api/feishu/connectors/\(id)/sync", json: [:], scope: Self.ann)
            #expect(sync.status == 202 && sync.json["status"] == "completed" && sync.json["stats"]?["docx_docs"] == 5, "\(sync.text)")
            let jobs = try await adapter.send("GET", "/api/feishu/connectors/\(id)/jobs?limit=5", scope: Self.ann)
            #expect(jobs.json["jobs"]?.arrayValue?.first?["id"] == sync.json["id"])
            let stranger = try await adapter.send("GET", "/api/feishu/connectors/\(id)", scope: ("org_other", "user_default", "p1"))
            #expect(stranger.status == 404)
            #expect(!sync.text.contains(fake.appSecret) && !created.text.contains(fake.appSecret))
        }
    }

    @Test func disabledFeishuIsTheSeedsCode() async throws {
        try await withStorage(.sqlite) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let created = try await adapter.send("POST", "/api/feishu/connectors", json: ["name": "Off", "config": [:]], scope: Self.ann)
            let id = try #require(created.json["id"]?.stringValue)
            let sync = try await adapter.send("POST", "/api/feishu/connectors/\(id)/sync", json: ["wait": false], scope: Self.ann)
            #expect(sync.status == 400 && sync.errorCode == "FEISHU_SYNC_DISABLED", "\(sync.text)")
        }
    }

    @Test func aPDFJobIsFollowedAsServerSentEventsAndReadInTheSeedsShape() async throws {
        try await withStorage(.sqlite) { storage in
            try PDFMaker.make(["Lemurs leap through Ranomafana"], at: storage.dataDir + "/workspace/org_default/user_default/p1/lemurs.pdf")
            let adapter = try await AdapterProcess.start(storage)
            let job = try await adapter.send("POST", "/api/ingest/pdf", json: ["path": "lemurs.pdf", "wait": false], scope: Self.ann)
            #expect(job.status == 202, "\(job.text)")
            let id = try #require(job.json["id"]?.stringValue)
            let (events, ended) = try await RawSSEClient.run(port: adapter.port, path: "/api/jobs/\(id)/stream", headers: Self.headers) { client in
                (try client.events { $0.event == "done" }, client.streamEnded)
            }
            _ = ended
            #expect(events.first?.event == "connected")
            let data = events.filter { $0.event == "message" }
            #expect(data.compactMap(\.seq) == Array(1...Int64(data.count)))
            #expect(data.last?.json["type"] == "job.completed" && data.last?.json["status"] == "completed", "\(events)")
            #expect(events.last?.event == "done")

            let seed = try await adapter.send("GET", "/api/mineru/ingest-batch/\(id)", scope: Self.ann)
            #expect(seed.json["job_id"] == .string(id) && seed.json["status"] == "completed", "\(seed.text)")
            #expect(seed.json["files"]?[0]?["status"] == "completed" && seed.json["files"]?[0]?["memory_id"] != nil)
            let progress = try await RawSSEClient.run(port: adapter.port, path: "/api/mineru/ingest-batch/\(id)/progress?after_seq=1",
                                                      headers: Self.headers) { try $0.events { $0.event == "done" } }
            #expect(progress.filter { $0.event == "message" }.first?.seq == 2)
            let last = try #require(data.last?.seq)
            let tail = try await RawSSEClient.run(port: adapter.port, path: "/api/jobs/\(id)/stream", headers: Self.headers.merging(["Last-Event-ID": String(last)]) { a, _ in a }) {
                (try $0.events(), $0.streamEnded)
            }
            #expect(tail.0.map(\.event) == ["connected", "done"] && tail.1, "a stream resumed after the end says done and closes")
            let upload = try await adapter.send("POST", "/api/ingest/pdf", json: ["upload_id": "upl_01MISSING"], scope: Self.ann)
            #expect(upload.status == 404 && upload.errorCode == "NOT_FOUND", "\(upload.text)")
            let listed = try await adapter.send("GET", "/api/jobs?kind=pdf_ingest", scope: Self.ann)
            #expect(listed.json["jobs"]?.arrayValue?.count == 1)
        }
    }
}
