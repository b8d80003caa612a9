import Foundation
import RPC
import Testing

/// The seed's ingestion tools in a run: `feishu_ingest_doc` (an unchanged
/// revision skipped the second time) and `mineru_ingest_pdf` (a workspace
/// PDF through the local parser); the model reads their results.
@Suite struct IngestToolTests {
    static let scope: JSONValue = ["org_id": "org_default", "user_id": "user_default", "project_id": "p1"]

    @Test func theIngestionToolsStoreDocumentsAModelAskedFor() async throws {
        try await withStorage(.sqlite) { storage in
            let fake = try FakeFeishu()
            defer { fake.stop() }
            try PDFMaker.make(["Kakapos are flightless parrots"], at: storage.dataDir + "/workspace/org_default/user_default/p1/kakapo.pdf")
            let host = try await HostProcess.started(storage, scope: Self.scope, environment: fake.environment())
            let script = Script.turns([
                Script.tools([("feishu_ingest_doc", ["doc_url": "https://x.feishu.cn/docx/doxcnW3?from=share"])], text: "ingest"),
                Script.tools([("feishu_ingest_doc", ["doc_token": "doxcnW3"])], text: "again"),
                Script.tools([("mineru_ingest_pdf", ["file_path": "kakapo.pdf", "title": "Kakapo"])], text: "pdf"),
                Script.tools([("mineru_ingest_pdf", ["file_path": "../../escape.pdf"])], text: "escape"),
                Script.text("done"),
            ])
            let run = try await host.createRun("ingest these", script: script, extra: ["agent": ["max_steps": 10]])
            let id = try #require(run["run_id"]?.stringValue)
            let finished = try await host.waitFor(id, ["completed", "failed"])
            #expect(finished["status"] == "completed", "\(finished)")
            let results = try await host.allEvents(id).filter { $0["type"] == "tool.result" }.compactMap { $0["payload"] }
            #expect(results.count == 4, "\(results)")
            #expect(results[0]["result"]?["skipped"] == false && results[0]["result"]?["revision_id"] == "5", "\(results[0])")
            #expect(results[1]["result"]?["skipped"] == true)
            #expect(results[2]["result"]?["parser"] == "pdftotext" && results[2]["result"]?["job_id"] != nil, "\(results[2])")
            #expect(results[3]["is_error"] == true || results[3]["result"]?["error"] != nil, "\(results[3])")
            let found = try await host.result("memory/search", ["query": "kakapos flightless", "k": 3])
            #expect(found["hits"]?.arrayValue?.first?["memory_id"] == results[2]["result"]?["memory_id"])
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"]?.arrayValue?.count == 2)
        }
    }
}
