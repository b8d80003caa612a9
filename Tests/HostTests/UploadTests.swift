import Foundation
import RPC
import Testing

/// Uploads over the pipe: `uploads/create` stores base64 bytes, `uploads/get`
/// gives them back, `runs/create {attachments}` takes them (checked first).
@Suite struct UploadTests {
    @Test(arguments: TestBackend.all)
    func anUploadIsStoredReadBackAndTakenByARun(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let bytes = Data("name,amount\nann,3\n".utf8)
            let created = try await host.result("uploads/create", ["data": .string(bytes.base64EncodedString()), "mime_type": "text/csv",
                                                                   "original_name": "sales.csv"])
            #expect(try SchemaFiles.failures(of: created, method: "uploads/create").isEmpty)
            #expect(created["original_name"] == "sales.csv" && created["mime_type"] == "text/csv" && created["size"]?.intValue == Int64(bytes.count))
            let id = try #require(created["upload_id"]?.stringValue)

            let read = try await host.result("uploads/get", ["upload_id": .string(id)])
            #expect(try SchemaFiles.failures(of: read, method: "uploads/get").isEmpty)
            #expect(read["data"]?.stringValue.flatMap { Data(base64Encoded: $0) } == bytes)

            let run = try await host.createRun("Who sold most?", script: Script.turns([Script.text("ann")]),
                                               extra: ["attachments": [["upload_id": .string(id)]]])
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed")

            let missing = await host.call("runs/create", ["input": "x", "attachments": [["upload_id": "upl_01MISSING"]]])
            #expect(errorCode(missing) == -32001)
            #expect(missing?["error"]?["data"]?["path"] == "params.attachments[0].upload_id")
            let other = await host.call("uploads/get", ["upload_id": .string(id), "scope": ["org_id": "other", "user_id": "eve"]])
            #expect(errorCode(other) == -32001)
            let notBase64 = await host.call("uploads/create", ["data": "@@@", "mime_type": "text/plain"])
            #expect(errorCode(notBase64) == -32602)
            let empty = await host.call("uploads/create", ["data": "", "mime_type": "text/plain"])
            #expect(errorCode(empty) == -32602)
        }
    }
}
