import Foundation
import HTTP
import JSON
import Store
import Testing
import TestSupport
@testable import Runtime

/// A run's attachments as each provider's fake receives them, byte for byte
/// (OpenAI `image_url` data URL, Anthropic `image` base64 source, Gemini
/// `inlineData`), and a real PDF (written by `ps2pdf`) as its text, page by page.
@Suite struct AttachmentWireTests {
    /// A PNG's signature and IHDR header: enough for the type check.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1])

    /// Runs "What is in the chart?" with the PNG attached on `provider`
    /// against `reply`, and returns the raw bytes of the model request.
    static func requestBody(_ backend: Backend, provider: String, model: String, reply: String, path: String = "") async throws -> String {
        let server = try FakeLLMServer(Replies.sse(reply))
        // The fake is the provider's configured (trusted) base URL, so the test key goes to it.
        let settings = ["llm.\(provider).apiKey": "test-key", "llm.\(provider).baseUrl": server.baseURL + path]
        return try await withEngine(backend, settings: settings) { engine in
            let image = try await engine.uploads.create(name: "chart.png", mimeType: nil, data: Self.png, in: TestTenants.a)
            #expect(image.mimeType == "image/png")
            var agent = AgentSpec()
            agent.provider = provider
            agent.baseURL = server.baseURL + path
            agent.model = model
            var request = CreateRun(input: "What is in the chart?", agent: agent)
            request.attachments = [image.id]
            let run = try await engine.runs.create(request, in: TestTenants.a).run
            #expect(try await engine.followToEnd(run.id).last?.type == EventType.runCompleted)
            return String(decoding: try #require(server.requests.first).body, as: UTF8.self)
        }
    }

    @Test(arguments: Backend.all)
    func openAIGetsTheImageAsADataURL(_ backend: Backend) async throws {
        let body = try await Self.requestBody(backend, provider: "openai", model: "gpt-test", reply: Wire.openAIText(), path: "/v1")
        let data = Self.png.base64EncodedString()
        #expect(body.contains(#"{"image_url":{"url":"data:image/png;base64,\#(data)"},"type":"image_url"}"#), "\(body)")
    }

    @Test(arguments: Backend.all)
    func anthropicGetsTheImageAsABase64Source(_ backend: Backend) async throws {
        let body = try await Self.requestBody(backend, provider: "anthropic", model: "claude-test", reply: Wire.anthropicText())
        let data = Self.png.base64EncodedString()
        #expect(body.contains(#"{"source":{"data":"\#(data)","media_type":"image/png","type":"base64"},"type":"image"}"#), "\(body)")
    }

    @Test(arguments: Backend.all)
    func geminiGetsTheImageAsInlineData(_ backend: Backend) async throws {
        let body = try await Self.requestBody(backend, provider: "gemini", model: "gemini-test", reply: Wire.geminiText())
        let data = Self.png.base64EncodedString()
        #expect(body.contains(#"{"inlineData":{"data":"\#(data)","mimeType":"image/png"}}"#), "\(body)")
    }

    /// A two-page PDF made by ghostscript's `ps2pdf` from PostScript.
    static func realPDF(_ pages: [String]) throws -> Data {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oi-ps-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var ps = "%!PS\n/Helvetica findfont 20 scalefont setfont\n"
        for page in pages { ps += "72 700 moveto (\(page)) show showpage\n" }
        try Data(ps.utf8).write(to: folder.appendingPathComponent("in.ps"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ps2pdf", "in.ps", "out.pdf"]
        process.currentDirectoryURL = folder
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "ps2pdf failed (Debian ghostscript: scripts/install-deps test)")
        return try Data(contentsOf: folder.appendingPathComponent("out.pdf"))
    }

    @Test(arguments: Backend.all)
    func aRealPDFArrivesAsItsTextPageByPage(_ backend: Backend) async throws {
        let pdf = try Self.realPDF(["Revenue grew nine percent", "Costs fell by half"])
        try await withEngine(backend) { engine in
            let report = try await engine.uploads.create(name: "report.pdf", mimeType: nil, data: pdf, in: TestTenants.a)
            #expect(report.mimeType == "application/pdf")
            var request = CreateRun(input: "Summarise the report", agent: .scripted(.answer("Done")))
            request.attachments = [report.id]
            let run = try await engine.runs.create(request, in: TestTenants.a).run
            #expect(try await engine.followToEnd(run.id).last?.type == EventType.runCompleted)
            let first = try #require(try await AttachmentTests.opening(engine, run.id))
            let text = first.content
            let one = try #require(text.range(of: "[page 1]"))
            let two = try #require(text.range(of: "[page 2]"))
            let revenue = try #require(text.range(of: "Revenue grew nine percent"))
            let costs = try #require(text.range(of: "Costs fell by half"))
            #expect(one.upperBound <= revenue.lowerBound && revenue.upperBound <= two.lowerBound && two.upperBound <= costs.lowerBound)
            #expect(!text.contains("[page 3]"))
            #expect(!text.contains("%PDF"))
        }
    }

    @Test(arguments: Backend.all)
    func aNonImageBinaryIsRefusedAndAnotherTenantsUploadIsNotFound(_ backend: Backend) async throws {
        try await withEngine(backend, running: false) { engine in
            let zip = try await engine.uploads.create(name: "a.zip", mimeType: "application/zip", data: Data([0x50, 0x4B, 3, 4, 0, 0xFF]), in: TestTenants.a)
            var request = CreateRun(input: "read it")
            request.attachments = [zip.id]
            do {
                _ = try await engine.runs.create(request, in: TestTenants.a)
                Issue.record("a zip was attached")
            } catch let error as RuntimeError {
                #expect(error.code == .invalidInput && error.path == "params.attachments[0].upload_id" && error.message.contains("a.zip"))
            }
            do {
                _ = try await engine.runs.create(request, in: TestTenants.otherOrg)
                Issue.record("another tenant's upload was attached")
            } catch let error as RuntimeError {
                #expect(error.code == .notFound)
            }
            await #expect(throws: RuntimeError.self) { _ = try await engine.uploads.delete(zip.id, in: TestTenants.otherOrg) }
            #expect(try await engine.uploads.metadata(zip.id, in: TestTenants.a) == zip)
        }
    }
}
