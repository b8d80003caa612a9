import Foundation
import RPC
import Testing

/// The seed's upload routes over real HTTP: the raw body is the file
/// (`Content-Type`, `X-Filename`), `GET` gives the bytes back inline, a run
/// takes the upload as an attachment, and delegation's children are listed.
@Suite struct AdapterUploadTests {
    static let ann: RESTScope = ("acme", "ann", nil)

    @Test(arguments: TestBackend.all)
    func aRawUploadComesBackAsItsBytesAndARunTakesIt(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1, 2, 255]
            let created = try await adapter.send("POST", "/api/uploads", rawBody: bytes, scope: Self.ann,
                                                 headers: ["Content-Type": "image/png", "X-Filename": "chart%20q3.png"])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["original_name"] == "chart q3.png" && created.json["mime_type"] == "image/png")
            #expect(created.json["size"]?.intValue == Int64(bytes.count))
            let id = try #require(created.json["upload_id"]?.stringValue)

            let read = try await adapter.send("GET", "/api/uploads/\(id)", scope: Self.ann)
            #expect(read.status == 200 && read.bytes == bytes)
            #expect(read.headers["content-type"] == "image/png")
            #expect(read.headers["content-disposition"]?.hasPrefix("inline; filename=\"chart q3.png\"") == true)
            let theirs = try await adapter.send("GET", "/api/uploads/\(id)", scope: ("acme", "bob", nil))
            #expect(theirs.status == 404 && theirs.errorCode == "NOT_FOUND")

            let run = try await adapter.send("POST", "/api/runs", json: ["input": "What is in the chart?", "attachments": [["upload_id": .string(id)]]],
                                             scope: Self.ann)
            #expect(run.status == 201, "\(run.text)")
            let runID = try #require(run.json["run_id"]?.stringValue)
            _ = try await adapter.waitForRun(runID, ["completed"], scope: Self.ann)
            let children = try await adapter.send("GET", "/api/runs/\(runID)/children", scope: Self.ann)
            #expect(children.status == 200 && children.json["children"] == [])

            let empty = try await adapter.send("POST", "/api/uploads", rawBody: [], scope: Self.ann, headers: ["Content-Type": "text/plain"])
            #expect(empty.status == 400 && empty.errorCode == "VALIDATION_ERROR", "\(empty.text)")
            let unknown = try await adapter.send("POST", "/api/runs", json: ["input": "x", "attachments": [["upload_id": "upl_01MISSING"]]],
                                                 scope: Self.ann)
            #expect(unknown.status == 404 && unknown.errorCode == "NOT_FOUND", "\(unknown.text)")
        }
    }

    @Test(arguments: TestBackend.all)
    func anUploadOverTheLimitIsA413AMismatchA400AndDeleteRemovesIt(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage, environment: ["UPLOADS_MAX_BYTES": "64"])
            let big = try await adapter.send("POST", "/api/uploads", rawBody: Array(repeating: 65, count: 65), scope: Self.ann,
                                             headers: ["Content-Type": "text/plain"])
            #expect(big.status == 413 && big.errorCode == "PAYLOAD_TOO_LARGE", "\(big.text)")
            let lying = try await adapter.send("POST", "/api/uploads", rawBody: Array("hello".utf8), scope: Self.ann,
                                               headers: ["Content-Type": "image/png"])
            #expect(lying.status == 400 && lying.errorCode == "VALIDATION_ERROR", "\(lying.text)")
            // Without a Content-Type (or with the generic one) the host detects the type.
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1]
            let detected = try await adapter.send("POST", "/api/uploads", rawBody: png, scope: Self.ann,
                                                  headers: ["Content-Type": "application/octet-stream", "X-Filename": "shot.png"])
            #expect(detected.status == 201 && detected.json["mime_type"] == "image/png", "\(detected.text)")
            let id = try #require(detected.json["upload_id"]?.stringValue)
            let theirs = try await adapter.send("DELETE", "/api/uploads/\(id)", scope: ("acme", "bob", nil))
            #expect(theirs.status == 404)
            let deleted = try await adapter.send("DELETE", "/api/uploads/\(id)", scope: Self.ann)
            #expect(deleted.status == 200 && deleted.json["deleted"] == true, "\(deleted.text)")
            let gone = try await adapter.send("GET", "/api/uploads/\(id)", scope: Self.ann)
            #expect(gone.status == 404)
        }
    }
}
