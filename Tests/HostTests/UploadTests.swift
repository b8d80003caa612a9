import Foundation
import RPC
import Testing

/// Uploads over the pipe, on both backends: `uploads/create` from base64
/// bytes or a file of the workspace (confined like the file tools), its type
/// detected or checked against the bytes, the size limit; `uploads/get`
/// with and without the bytes; `uploads/delete`; another tenant never sees
/// an upload; `runs/create` takes uploads by `attachments` and `input_parts`
/// and refuses a binary no model reads.
@Suite struct UploadTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3])
    static let eve: JSONValue = ["org_id": "other", "user_id": "eve"]

    static func create(_ host: HostProcess, _ bytes: Data, _ extra: [String: JSONValue] = [:]) async -> JSONValue? {
        await host.call("uploads/create", .object(["content_base64": .string(bytes.base64EncodedString())].merging(extra) { _, b in b }))
    }

    @Test(arguments: TestBackend.all)
    func anUploadIsStoredReadBackDeletedAndTakenByARun(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let bytes = Data("name,amount\nann,3\n".utf8)
            let created = try #require(await Self.create(host, bytes, ["name": "sales.csv", "mime_type": "text/csv"])?["result"])
            #expect(try SchemaFiles.failures(of: created, method: "uploads/create").isEmpty)
            #expect(created["original_name"] == "sales.csv" && created["mime_type"] == "text/csv" && created["size"]?.intValue == Int64(bytes.count))
            let id = try #require(created["upload_id"]?.stringValue)

            // Metadata only, unless the bytes are asked for.
            let meta = try await host.result("uploads/get", ["upload_id": .string(id)])
            #expect(try SchemaFiles.failures(of: meta, method: "uploads/get").isEmpty)
            #expect(meta["content_base64"] == nil && meta["size"]?.intValue == Int64(bytes.count))
            let full = try await host.result("uploads/get", ["upload_id": .string(id), "include_content": true])
            #expect(try SchemaFiles.failures(of: full, method: "uploads/get").isEmpty)
            #expect(full["content_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) } == bytes)

            let run = try await host.createRun("Who sold most?", script: Script.turns([Script.text("ann")]),
                                               extra: ["attachments": [["upload_id": .string(id)]]])
            let runID = try #require(run["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"])["status"] == "completed")

            // Another tenant: not found, for get, delete and a run.
            let theirs = await host.call("uploads/get", ["upload_id": .string(id), "include_content": true, "scope": Self.eve])
            #expect(errorCode(theirs) == -32001 && theirs?["error"]?["data"]?["path"] == "params.upload_id")
            #expect(errorCode(await host.call("uploads/delete", ["upload_id": .string(id), "scope": Self.eve])) == -32001)
            let theirRun = await host.call("runs/create", ["input": "x", "attachments": [["upload_id": .string(id)]], "scope": Self.eve])
            #expect(errorCode(theirRun) == -32001 && theirRun?["error"]?["data"]?["path"] == "params.attachments[0].upload_id")
            let theirPart = await host.call("runs/create", ["input_parts": [["type": "text", "text": "x"], ["type": "file", "upload_id": .string(id)]],
                                                            "scope": Self.eve])
            #expect(errorCode(theirPart) == -32001 && theirPart?["error"]?["data"]?["path"] == "params.input_parts[1].upload_id")

            let deleted = try await host.result("uploads/delete", ["upload_id": .string(id)])
            #expect(deleted == ["deleted": true, "upload_id": .string(id)])
            #expect(try SchemaFiles.failures(of: deleted, method: "uploads/delete").isEmpty)
            #expect(errorCode(await host.call("uploads/get", ["upload_id": .string(id)])) == -32001)
            #expect(errorCode(await host.call("uploads/delete", ["upload_id": .string(id)])) == -32001)

            let missing = await host.call("runs/create", ["input": "x", "attachments": [["upload_id": "upl_01MISSING"]]])
            #expect(errorCode(missing) == -32001 && missing?["error"]?["data"]?["path"] == "params.attachments[0].upload_id")
            let notBase64 = await host.call("uploads/create", ["content_base64": "@@@", "mime_type": "text/plain"])
            #expect(errorCode(notBase64) == -32602 && notBase64?["error"]?["data"]?["path"] == "params.content_base64")
            let empty = await host.call("uploads/create", ["content_base64": "", "mime_type": "text/plain"])
            #expect(errorCode(empty) == -32602)
            let neither = await host.call("uploads/create", ["name": "x.txt"])
            #expect(errorCode(neither) == -32602 && neither?["error"]?["data"]?["path"] == "params.content_base64")
            let both = await host.call("uploads/create", ["content_base64": "eA==", "path": "x.txt"])
            #expect(errorCode(both) == -32602 && both?["error"]?["data"]?["path"] == "params.path")
            let oldName = await host.call("uploads/create", ["data": "eA==", "mime_type": "text/plain"])
            #expect(errorCode(oldName) == -32602)
        }
    }

    @Test(arguments: TestBackend.all)
    func theTypeIsDetectedOrCheckedAgainstTheBytes(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let detected = try #require(await Self.create(host, Self.png, ["name": "chart"])?["result"])
            #expect(detected["mime_type"] == "image/png" && detected["original_name"] == "chart")
            let text = try #require(await Self.create(host, Data("# Plan".utf8), ["name": "plan.md"])?["result"])
            #expect(text["mime_type"] == "text/markdown")
            let binary = try #require(await Self.create(host, Data([0, 1, 2, 0xFF, 0xFE]), ["name": "blob.bin"])?["result"])
            #expect(binary["mime_type"] == "application/octet-stream")

            for (bytes, declared) in [(Self.png, "image/jpeg"), (Data("%PDF-1.4".utf8), "image/png"), (Data([0xFF, 0xFE, 0x00, 0xC3]), "text/plain"),
                                      (Self.png, "text/plain"), (Data("hello".utf8), "application/pdf")] {
                let reply = await Self.create(host, bytes, ["mime_type": .string(declared)])
                #expect(errorCode(reply) == -32602, "\(declared)")
                #expect(reply?["error"]?["data"]?["path"] == "params.mime_type", "\(declared)")
            }
            let jpeg = try #require(await Self.create(host, Data([0xFF, 0xD8, 0xFF, 0xE0, 1, 2]), ["mime_type": "image/jpeg"])?["result"])
            #expect(jpeg["mime_type"] == "image/jpeg")

            // A non-image binary is refused when a run would give it to the model.
            let blobID = try #require(binary["upload_id"])
            let refused = await host.call("runs/create", ["input": "read it", "attachments": [["upload_id": blobID]]])
            #expect(errorCode(refused) == -32602 && refused?["error"]?["data"]?["path"] == "params.attachments[0].upload_id")
            #expect(refused?["error"]?["message"]?.stringValue?.contains("blob.bin") == true)
        }
    }

    @Test(arguments: TestBackend.all)
    func aFileOfTheWorkspaceIsUploadedByPathButNothingOutsideIt(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: ["UPLOADS_MAX_BYTES": "1024"])
            let workspace = Loop.workspace(storage)
            try FileManager.default.createDirectory(atPath: workspace + "/notes", withIntermediateDirectories: true)
            try Data("# Notes\nShip it".utf8).write(to: URL(fileURLWithPath: workspace + "/notes/plan.md"))
            try Data("secret".utf8).write(to: URL(fileURLWithPath: storage.dataDir + "/outside.txt"))
            try FileManager.default.createSymbolicLink(atPath: workspace + "/link.txt", withDestinationPath: storage.dataDir + "/outside.txt")
            try Data(count: 2000).write(to: URL(fileURLWithPath: workspace + "/big.bin"))

            let created = try await host.result("uploads/create", ["path": "notes/plan.md"])
            #expect(created["original_name"] == "plan.md" && created["mime_type"] == "text/markdown" && created["size"] == 15)
            let read = try await host.result("uploads/get", ["upload_id": created["upload_id"] ?? "", "include_content": true])
            #expect(read["content_base64"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data("# Notes\nShip it".utf8))
            let renamed = try await host.result("uploads/create", ["path": "notes/plan.md", "name": "brief.md", "mime_type": "text/plain"])
            #expect(renamed["original_name"] == "brief.md" && renamed["mime_type"] == "text/plain")

            for path in ["../outside.txt", "/etc/passwd", "link.txt", "notes", "missing.txt"] {
                let reply = await host.call("uploads/create", ["path": .string(path)])
                #expect(errorCode(reply) == -32602, "\(path)")
                #expect(reply?["error"]?["data"]?["path"] == "params.path", "\(path)")
            }
            // Over uploads.maxBytes: -32011, by path and by bytes.
            let big = await host.call("uploads/create", ["path": "big.bin"])
            #expect(errorCode(big) == -32011 && big?["error"]?["data"]?["path"] == "params.path")
            let bigBytes = await Self.create(host, Data(count: 1025), ["mime_type": "application/octet-stream"])
            #expect(errorCode(bigBytes) == -32011 && bigBytes?["error"]?["data"]?["path"] == "params.content_base64")
            let fits = await Self.create(host, Data(count: 1024), ["mime_type": "application/octet-stream"])
            #expect(fits?["result"]?["size"] == 1024)
        }
    }

    @Test(arguments: TestBackend.all)
    func inputPartsCarryTextAndUploadsAndTheTraceNamesThemByReference(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let image = try #require(await Self.create(host, Self.png, ["name": "chart.png"])?["result"]?["upload_id"])
            let notes = try #require(await Self.create(host, Data("ship friday".utf8), ["name": "notes.txt"])?["result"]?["upload_id"])
            let parts: JSONValue = [["type": "text", "text": "What does it show?"], ["type": "image", "upload_id": image],
                                    ["type": "text", "text": "And the notes?"], ["type": "file", "upload_id": notes]]
            let run = try await host.result("runs/create", ["input_parts": parts, "agent": ["script": Script.turns([Script.text("ok")])]])
            let runID = try #require(run["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"])["status"] == "completed")
            let got = try await host.result("runs/get", ["run_id": .string(runID)])
            #expect(got["input"] == "What does it show?\n\nAnd the notes?")

            let started = try #require(try await host.events(runID).first { $0["type"] == "run.started" })
            #expect(started["payload"]?["agent"]?["attachments"] == [
                ["upload_id": image, "name": "chart.png", "mime_type": "image/png", "size": .int(Int64(Self.png.count))],
                ["upload_id": notes, "name": "notes.txt", "mime_type": "text/plain", "size": 11],
            ])
            let export = try await host.result("runs/export", ["run_id": .string(runID)]).description
            #expect(export.contains(image.stringValue ?? "?") && export.contains("chart.png"))
            #expect(!export.contains(Self.png.base64EncodedString()) && !export.contains(Data("ship friday".utf8).base64EncodedString()))

            // input and input_parts together must agree; an image part must be an image.
            let differ = await host.call("runs/create", ["input": "other", "input_parts": parts])
            #expect(errorCode(differ) == -32602 && differ?["error"]?["data"]?["path"] == "params.input")
            let agree = await host.call("runs/create", ["input": "What does it show?\n\nAnd the notes?", "input_parts": parts,
                                                        "agent": ["script": Script.turns([Script.text("ok")])]])
            #expect(agree?["result"]?["run_id"] != nil)
            let notImage = await host.call("runs/create", ["input_parts": [["type": "text", "text": "x"], ["type": "image", "upload_id": notes]]])
            #expect(errorCode(notImage) == -32602 && notImage?["error"]?["data"]?["path"] == "params.input_parts[1].upload_id")
            let noText = await host.call("runs/create", ["input_parts": [["type": "image", "upload_id": image]]])
            #expect(errorCode(noText) == -32602)
            let six = await host.call("runs/create", ["input_parts": .array([["type": "text", "text": "x"]] + Array(repeating: ["type": "file", "upload_id": notes], count: 6))])
            #expect(errorCode(six) == -32602)
        }
    }
}
