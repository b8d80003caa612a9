import Foundation
import LoopbackServer
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `ingest/pdf` over the pipe: a real PDF made by ps2pdf, parsed locally by
/// pdftotext or through a loopback MinerU, lands in archival memory where
/// `memory/search` finds it; the job is durable, its events are stored, and
/// it survives kill -9.
@Suite struct PDFIngestTests {
    static func workspace(_ storage: TestStorage, org: String = "org_default") -> String {
        storage.dataDir + "/workspace/\(org)/user_default/.none"
    }

    static let pages = ["Quokkas smile on Rottnest Island", "Basalt columns cool into hexagons"]

    @Test(arguments: TestBackend.all)
    func aRealPDFIsParsedLocallyWithPdftotextAndFoundByMemorySearch(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            try PDFMaker.make(Self.pages, at: Self.workspace(storage) + "/docs/field-notes.pdf")
            let host = try await HostProcess.started(storage)
            let job = try await host.result("ingest/pdf", ["path": "docs/field-notes.pdf", "title": "Field notes"])
            #expect(job["state"] == "completed", "\(job)")
            #expect(job["kind"] == "pdf_ingest" && job["items_total"] == 1 && job["items_done"] == 1)
            #expect(job["result"]?["parser"] == "pdftotext" && job["result"]?["page_count"] == 2)
            let events = try await host.jobEvents(try #require(job["id"]?.stringValue))
            #expect(events.contains { $0["payload"]?["message"]?.stringValue?.contains("MinerU is not configured") == true })
            #expect(events.last?["type"] == "job.completed")
            #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))

            let found = try await host.result("memory/search", ["query": "hexagons basalt columns", "k": 3])
            let hit = try #require(found["hits"]?.arrayValue?.first)
            #expect(hit["memory_id"] == job["result"]?["memory_id"], "\(found)")
            let memory = try await host.result("memory/get", ["id": try #require(hit["memory_id"])])
            #expect(memory["metadata"]?["source"] == "pdftotext" && memory["metadata"]?["document"] == "field-notes.pdf")
            #expect(memory["tier"] == "archival")

            // Again: the same source key replaces the memory, never duplicates it.
            let again = try await host.result("ingest/pdf", ["path": "docs/field-notes.pdf"])
            #expect(again["state"] == "completed")
            let list = try await host.result("memory/list", ["tier": "archival"])
            #expect(list["memories"]?.arrayValue?.count == 1, "\(list)")
        }
    }

    @Test func aChangedDocumentReplacesItsOldChunks() async throws {
        try await withStorage(.sqlite) { storage in
            let file = Self.workspace(storage) + "/report.pdf"
            try PDFMaker.make(["Zeppelins drift over Friedrichshafen"], at: file)
            let host = try await HostProcess.started(storage)
            _ = try await host.result("ingest/pdf", ["path": "report.pdf"])
            try PDFMaker.make(["Gondolas glide across Venetian canals"], at: file)
            let second = try await host.result("ingest/pdf", ["path": "report.pdf"])
            #expect(second["state"] == "completed")
            let old = try await host.result("memory/search", ["query": "zeppelins friedrichshafen", "mode": "text", "k": 5])
            #expect(old["hits"]?.arrayValue?.isEmpty == true, "\(old)")
            let new = try await host.result("memory/search", ["query": "gondolas venetian", "k": 5])
            #expect(new["hits"]?.arrayValue?.first?["memory_id"] == second["result"]?["memory_id"])
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func aRealPDFGoesThroughTheFakeMinerUBatchFlowAndAHostileZipEntryStaysInside(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeMinerU()
            defer { fake.stop() }
            try PDFMaker.make(Self.pages, at: Self.workspace(storage) + "/field-notes.pdf")
            let host = try await HostProcess.started(storage, environment: fake.environment)
            let job = try await host.result("ingest/pdf", ["path": "field-notes.pdf", "options": ["language": "en", "is_ocr": false]])
            #expect(job["state"] == "completed", "\(job)")
            #expect(job["result"]?["parser"] == "mineru" && job["result"]?["page_count"] == 2)

            let (uploads, types) = fake.state.withLock { ($0.uploads, $0.uploadContentTypes) }
            let pdf = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.workspace(storage) + "/field-notes.pdf")))
            #expect(uploads == [pdf])
            #expect(types == [nil], "the PUT must carry no Content-Type")
            let batch = try #require(fake.server.requests.first { $0.target == "/api/v4/file-urls/batch" })
            let body = try JSONParser.parse(batch.body)
            #expect(body["files"]?[0]?["name"] == "field-notes.pdf" && body["language"] == "en" && body["files"]?[0]?["is_ocr"] == false)

            let events = try await host.jobEvents(try #require(job["id"]?.stringValue))
            let messages = events.compactMap { $0["payload"]?["message"]?.stringValue }
            #expect(messages.contains { $0.contains("pending") } && messages.contains { $0.contains("running (1/2 pages)") } && messages.contains { $0.contains("done") })
            #expect(messages.contains { $0.contains("refused zip entries") && $0.contains("../x") })
            #expect(!FileManager.default.fileExists(atPath: storage.dataDir + "/x") && !FileManager.default.fileExists(atPath: storage.dataDir + "/ingest/x"))

            let found = try await host.result("memory/search", ["query": "quokkas rottnest", "k": 3])
            #expect(found["hits"]?.arrayValue?.first?["memory_id"] == job["result"]?["memory_id"], "\(found)")
            let memory = try await host.result("memory/get", ["id": try #require(job["result"]?["memory_id"])])
            #expect(memory["metadata"]?["source"] == "mineru" && memory["metadata"]?["page_starts"]?.arrayValue?.count == 2)
            #expect(!job.description.contains(fake.token) && !events.description.contains(fake.token))
        }
    }

    @Test func aFailedMinerUTaskFailsTheJobWithItsMessage() async throws {
        try await withStorage(.sqlite) { storage in
            let fake = try FakeMinerU()
            defer { fake.stop() }
            fake.state.withLock { $0.fail = "parse failed: encrypted pdf" }
            let host = try await HostProcess.started(storage, environment: fake.environment)
            let job = try await host.result("ingest/pdf", ["url": "https://cdn-mineru.openxlab.org.cn/demo/example.pdf"])
            #expect(job["state"] == "failed", "\(job)")
            #expect(job["error_message"]?.stringValue?.contains("encrypted pdf") == true)
            #expect(job["errors"]?[0]?["item"] == "document" && job["errors"]?[0]?["message"]?.stringValue?.contains("encrypted pdf") == true)
            let events = try await host.jobEvents(try #require(job["id"]?.stringValue))
            #expect(events.last?["type"] == "job.failed")
            let task = try #require(fake.server.requests.first { $0.target == "/api/v4/extract/task" })
            #expect(try JSONParser.parse(task.body)["url"] == "https://cdn-mineru.openxlab.org.cn/demo/example.pdf")
        }
    }

    @Test func badSourcesAreTypedErrors() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            let upload = await host.call("ingest/pdf", ["upload_id": "upl_01MISSING"])
            #expect(errorCode(upload) == -32001 && upload?["error"]?["data"]?["path"] == "params.upload_id", "\(String(describing: upload))")
            let escape = await host.call("ingest/pdf", ["path": "../../../etc/passwd"])
            #expect(errorCode(escape) == -32602 && escape?["error"]?["data"]?["path"] == "params.path")
            let both = await host.call("ingest/pdf", ["path": "a.pdf", "url": "https://example.com/a.pdf"])
            #expect(errorCode(both) == -32602)
            let none = await host.call("ingest/pdf", [:])
            #expect(errorCode(none) == -32602)
            let missing = await host.call("ingest/pdf", ["path": "nope.pdf"])
            #expect(errorCode(missing) == -32602)
            #expect(errorCode(await host.call("jobs/get", ["job_id": "job_nope"])) == -32001)
        }
    }

    @Test(arguments: TestBackend.all)
    func anUploadedPDFIsIngestedAndOnlyItsOwnerCanIngestIt(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let file = Self.workspace(storage) + "/tmp/upload.pdf"
            try PDFMaker.make(["Narwhals surface near Svalbard"], at: file)
            let pdf = try Data(contentsOf: URL(fileURLWithPath: file))
            let host = try await HostProcess.started(storage)
            let created = try await host.result("uploads/create", Self.upload(pdf, name: "arctic.pdf", type: "application/pdf"))
            let id = try #require(created["upload_id"])
            let job = try await host.result("ingest/pdf", ["upload_id": id])
            #expect(job["state"] == "completed", "\(job)")
            let memoryID = try #require(job["result"]?["memory_id"])
            let memory = try await host.result("memory/get", ["id": memoryID])
            #expect(memory["metadata"]?["document"] == "arctic.pdf" && memory["metadata"]?["upload_id"] == id)
            let found = try await host.result("memory/search", ["query": "narwhals svalbard", "mode": "text", "k": 3])
            #expect(found["hits"]?[0]?["memory_id"] == memoryID, "\(found)")

            let other: JSONValue = ["org_id": "org_other", "user_id": "user_default"]
            #expect(errorCode(await host.call("ingest/pdf", ["upload_id": id, "scope": other])) == -32001)
            let text = try await host.result("uploads/create", Self.upload(Data("plain words".utf8), name: "a.txt", type: "text/plain"))
            let notPDF = await host.call("ingest/pdf", ["upload_id": try #require(text["upload_id"])])
            #expect(errorCode(notPDF) == -32602 && notPDF?["error"]?["data"]?["path"] == "params.upload_id", "\(String(describing: notPDF))")
        }
    }

    /// `uploads/create`'s params for `bytes`.
    static func upload(_ bytes: Data, name: String, type: String) -> JSONValue {
        ["content_base64": .string(bytes.base64EncodedString()), "mime_type": .string(type), "name": .string(name)]
    }

    @Test(arguments: TestBackend.all)
    func jobsAndIngestedMemoriesAreInvisibleToAnotherTenant(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            try PDFMaker.make(Self.pages, at: Self.workspace(storage) + "/notes.pdf")
            let host = try await HostProcess.started(storage)
            let job = try await host.result("ingest/pdf", ["path": "notes.pdf"])
            let id = try #require(job["id"])
            let other: JSONValue = ["org_id": "org_other", "user_id": "user_default"]
            #expect(errorCode(await host.call("jobs/get", ["job_id": id, "scope": other])) == -32001)
            #expect(errorCode(await host.call("jobs/cancel", ["job_id": id, "scope": other])) == -32001)
            #expect(errorCode(await host.call("jobs/events", ["job_id": id, "scope": other])) == -32001)
            #expect(errorCode(await host.call("jobs/subscribe", ["job_id": id, "scope": other])) == -32001)
            #expect(try await host.result("jobs/list", ["scope": other])["jobs"] == .array([]))
            let found = try await host.result("memory/search", ["query": "quokkas rottnest", "scope": other])
            #expect(found["hits"]?.arrayValue?.isEmpty == true)
            // Another project of the same org sees nothing either.
            let project: JSONValue = ["org_id": "org_default", "user_id": "user_default", "project_id": "p2"]
            #expect(errorCode(await host.call("jobs/get", ["job_id": id, "scope": project])) == -32001)
            #expect(try await host.result("jobs/list", [:])["jobs"]?.arrayValue?.count == 1)
        }
    }

    @Test(arguments: TestBackend.all)
    func aJobKilledMidWayResumesFromItsSavedBatchAndFinishesOnce(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let fake = try FakeMinerU()
            defer { fake.stop() }
            fake.state.withLock { $0.hold = true }
            try PDFMaker.make(Self.pages, at: Self.workspace(storage) + "/long.pdf")
            let env = fake.environment.merging(["JOBS_LEASE_MS": "1500"]) { _, b in b }
            var host = try await HostProcess.started(storage, environment: env)
            let job = try await host.result("ingest/pdf", ["path": "long.pdf", "wait": false])
            let id = try #require(job["id"]?.stringValue)
            #expect(job["state"] == "pending" || job["state"] == "running")
            let deadline = ContinuousClock.now + .seconds(30)
            while fake.state.withLock({ $0.polls }) < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit(timeout: .seconds(10))
            fake.state.withLock { $0.hold = false }

            host = try await HostProcess.started(storage, environment: env)
            let done = try await host.waitForJob(id)
            #expect(done["state"] == "completed", "\(done)")
            #expect(done["attempts"] == 2)
            #expect(fake.state.withLock { $0.uploads.count } == 1, "the resumed job polls its saved batch, it does not upload again")
            #expect(fake.state.withLock { $0.batches } == 1)
            let events = try await host.jobEvents(id)
            #expect(events.filter { $0["type"] == "job.completed" }.count == 1)
            #expect(events.contains { $0["payload"]?["message"]?.stringValue?.hasPrefix("resumed") == true })
            #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"]?.arrayValue?.count == 1)
        }
    }

    @Test func subscribingStreamsStoredThenLiveEventsUntilTheEnd() async throws {
        try await withStorage(.sqlite) { storage in
            let fake = try FakeMinerU()
            defer { fake.stop() }
            fake.state.withLock { $0.runningPolls = 5 }
            try PDFMaker.make(Self.pages, at: Self.workspace(storage) + "/s.pdf")
            let host = try await HostProcess.started(storage, environment: fake.environment)
            let job = try await host.result("ingest/pdf", ["path": "s.pdf", "wait": false])
            let id = try #require(job["id"])
            _ = try await host.result("jobs/subscribe", ["job_id": id])
            var seqs: [Int64] = []
            var last: JSONValue?
            while let note = await host.nextNotification(timeout: .seconds(30)) {
                #expect(note["method"] == "jobs/event")
                let event = try #require(note["params"]?["event"])
                seqs.append(try #require(event["seq"]?.intValue))
                last = event
                if ["job.completed", "job.failed", "job.cancelled"].contains(event["type"]?.stringValue ?? "") { break }
            }
            #expect(last?["type"] == "job.completed")
            #expect(seqs == Array(1...Int64(seqs.count)))
            let cancel = await host.call("jobs/cancel", ["job_id": id])
            #expect(errorCode(cancel) == -32005)
            // After the end: the stored tail, or nothing, and the subscription is over (unsubscribing finds nothing).
            let late = try await host.result("jobs/subscribe", ["job_id": id, "after_seq": .int(seqs.last ?? 0)])
            try await Task.sleep(for: .milliseconds(500))
            #expect(try await host.result("runs/unsubscribe", ["subscription_id": try #require(late["subscription_id"])])["unsubscribed"] == false)
        }
    }

    @Test func cancellingARunningJobStopsIt() async throws {
        try await withStorage(.sqlite) { storage in
            let fake = try FakeMinerU()
            defer { fake.stop() }
            fake.state.withLock { $0.hold = true }
            try PDFMaker.make(Self.pages, at: Self.workspace(storage) + "/c.pdf")
            let host = try await HostProcess.started(storage, environment: fake.environment)
            let job = try await host.result("ingest/pdf", ["path": "c.pdf", "wait": false])
            let id = try #require(job["id"])
            let deadline = ContinuousClock.now + .seconds(30)
            while fake.state.withLock({ $0.polls }) < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let asked = try await host.result("jobs/cancel", ["job_id": id])
            #expect(asked["cancel_requested"] == true)
            let done = try await host.waitForJob(try #require(id.stringValue))
            #expect(done["state"] == "cancelled", "\(done)")
            #expect(try await host.jobEvents(try #require(id.stringValue)).last?["type"] == "job.cancelled")
        }
    }
}
