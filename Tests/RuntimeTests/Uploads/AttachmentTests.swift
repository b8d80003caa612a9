import Foundation
import HTTP
import JSON
import Store
import Testing
import TestSupport
@testable import Runtime

/// Uploads and the runs that take them as attachments: an image reaches the
/// model as an image part of the first message, a text file and a PDF as
/// text; uploads are private to their scope and checked when a run is made.
@Suite struct AttachmentTests {
    /// A one-page PDF whose page says `text` (Helvetica, no compression).
    static func pdf(_ text: String) -> Data {
        let stream = "BT /F1 18 Tf 20 100 Td (\(text)) Tj ET"
        let objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
                       "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)\nendstream", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n" + offsets.map { String(format: "%010d 00000 n \n", $0) }.joined()
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(out.utf8)
    }

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4])

    /// The first user message the run's checkpoints hold.
    static func opening(_ engine: Engine, _ runID: String) async throws -> ChatMessage? {
        let states = try await engine.database.checkpoints.list(for: runID, in: TestTenants.a).map { try CheckpointState.decode($0.state) }
        return states.first?.messages.first { $0.role == .user }
    }

    @Test(arguments: Backend.all)
    func anUploadReadsBackWithItsBytesAndOnlyInItsScope(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let upload = try await engine.uploads.create(name: "../charts/q3.png", mimeType: "Image/PNG; q=1", data: Self.png, in: TestTenants.a)
            #expect(upload.id.hasPrefix("upl_") && upload.originalName == "q3.png" && upload.mimeType == "image/png" && upload.size == Self.png.count)
            #expect(upload.sha256 == SHA256.hex(Self.png))
            let (read, bytes) = try await engine.uploads.get(upload.id, in: TestTenants.a)
            #expect(read == upload && bytes == Self.png)
            await #expect(throws: RuntimeError.self) { _ = try await engine.uploads.get(upload.id, in: TestTenants.otherOrg) }
        }
    }

    @Test(arguments: Backend.all)
    func emptyOversizedAndUntypedUploadsAreRefused(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            for (data, type, path) in [(Data(), "text/plain", "params.content_base64"), (Data(count: UploadService.defaultMaxBytes + 1), "text/plain", "params.content_base64"),
                                       (Data("x".utf8), "png", "params.mime_type")] {
                do {
                    _ = try await engine.uploads.create(name: nil, mimeType: type, data: data, in: TestTenants.a)
                    Issue.record("accepted \(type) of \(data.count) bytes")
                } catch let error as RuntimeError {
                    #expect(error.path == path)
                }
            }
        }
    }

    @Test(arguments: Backend.all)
    func aRunRefusesAnUploadOfAnotherScopeAndMoreThanFive(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let theirs = try await engine.uploads.create(name: "x.txt", mimeType: "text/plain", data: Data("x".utf8), in: TestTenants.otherOrg)
            var request = CreateRun(input: "read it")
            request.attachments = [theirs.id]
            await #expect(throws: RuntimeError.self) { _ = try await engine.runs.create(request, in: TestTenants.a) }
            request.attachments = Array(repeating: theirs.id, count: 6)
            await #expect(throws: RuntimeError.self) { _ = try await engine.runs.create(request, in: TestTenants.otherOrg) }
        }
    }

    @Test(arguments: Backend.all)
    func aTextFileAndAPDFBecomeTextOfTheFirstMessage(_ backend: Backend) async throws {
        try await withEngine(backend) { engine in
            let notes = try await engine.uploads.create(name: "notes.md", mimeType: "text/markdown", data: Data("# Plan\nShip on Friday".utf8), in: TestTenants.a)
            let report = try await engine.uploads.create(name: "report.pdf", mimeType: "application/pdf", data: Self.pdf("Quarterly revenue grew"),
                                                         in: TestTenants.a)
            var request = CreateRun(input: "Summarise the files", agent: .scripted(.answer("Done")))
            request.attachments = [notes.id, report.id]
            let run = try await engine.runs.create(request, in: TestTenants.a).run
            let events = try await engine.followToEnd(run.id)
            #expect(events.last?.type == EventType.runCompleted)
            // The trace names what the run took.
            #expect(events.first?.payload["agent"]?["attachments"] == [
                ["upload_id": .string(notes.id), "name": "notes.md", "mime_type": "text/markdown", "size": 21],
                ["upload_id": .string(report.id), "name": "report.pdf", "mime_type": "application/pdf", "size": .int(Int64(report.size))],
            ])
            let first = try #require(try await Self.opening(engine, run.id))
            #expect(first.content.hasPrefix("Summarise the files\n\n## Attached file: notes.md (text/markdown, 21 bytes)\n# Plan\nShip on Friday"))
            #expect(first.content.contains("## Attached file: report.pdf (application/pdf,"))
            #expect(first.content.contains("[page 1]\nQuarterly revenue grew"))
            #expect(first.images == nil)
        }
    }

    @Test(arguments: Backend.all)
    func anImageReachesTheModelAsAnImagePartAndTheCheckpointKeepsOnlyItsID(_ backend: Backend) async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.openAIText()))
        try await withEngine(backend) { engine in
            let image = try await engine.uploads.create(name: "chart.png", mimeType: "image/png", data: Self.png, in: TestTenants.a)
            var agent = AgentSpec()
            agent.provider = "openai"
            agent.baseURL = server.baseURL + "/v1"
            agent.model = "gpt-test"
            var request = CreateRun(input: "What does the chart show?", agent: agent)
            request.attachments = [image.id]
            let run = try await engine.runs.create(request, in: TestTenants.a).run
            #expect(try await engine.followToEnd(run.id).last?.type == EventType.runCompleted)

            let messages = try server.body()["messages"]?.arrayValue ?? []
            let user = try #require(messages.last { $0["role"] == "user" })
            let parts = user["content"]?.arrayValue ?? []
            #expect(parts.first?["type"] == "text")
            #expect(parts.first?["text"]?.stringValue?.hasPrefix("What does the chart show?") == true)
            #expect(parts.last?["image_url"]?["url"]?.stringValue == "data:image/png;base64,\(Self.png.base64EncodedString())")

            let first = try #require(try await Self.opening(engine, run.id))
            #expect(first.images == [ChatImage(uploadID: image.id, mimeType: "image/png")])
            let stored = try await engine.database.checkpoints.list(for: run.id, in: TestTenants.a).map(\.state).joined()
            #expect(!stored.contains(Self.png.base64EncodedString()))
        }
    }

    @Test func everyProviderSendsALoadedImageInItsOwnFormat() throws {
        let message = ChatMessage(role: .user, content: "Look", images: [ChatImage(uploadID: "upl_1", mimeType: "image/png", data: "AAAA"),
                                                                           ChatImage(uploadID: "upl_2", mimeType: "image/png")])
        #expect(OpenAIProvider.message(message) == ["role": "user", "content": [
            ["type": "text", "text": "Look"], ["type": "image_url", "image_url": ["url": "data:image/png;base64,AAAA"]],
        ]])
        #expect(AnthropicProvider.messages([message]) == [["role": "user", "content": [
            ["type": "text", "text": "Look"], ["type": "image", "source": ["type": "base64", "media_type": "image/png", "data": "AAAA"]],
        ]]])
        #expect(GeminiProvider.contents([message]) == [["role": "user", "parts": [
            ["text": "Look"], ["inlineData": ["mimeType": "image/png", "data": "AAAA"]],
        ]]])
        // Without its bytes loaded (as a checkpoint holds it) an image is not sent.
        #expect(OpenAIProvider.message(.user("Look")) == ["role": "user", "content": "Look"])
    }
}
