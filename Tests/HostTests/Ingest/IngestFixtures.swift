import Foundation
import LoopbackServer
import RPC
import Synchronization
import Testing
import ZIPFoundation

/// Real PDFs made with ghostscript's `ps2pdf`, and the text pdftotext finds in them.
enum PDFMaker {
    /// A PDF whose pages carry `pages` (one line each, plain ASCII).
    static func make(_ pages: [String], at path: String) throws {
        let ps = path + ".ps"
        var source = "%!PS\n/Helvetica findfont 14 scalefont setfont\n"
        for line in pages {
            let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(").replacingOccurrences(of: ")", with: "\\)")
            source += "72 720 moveto (\(escaped)) show\nshowpage\n"
        }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try source.write(toFile: ps, atomically: true, encoding: .utf8)
        try run("/usr/bin/ps2pdf", [ps, path])
        try FileManager.default.removeItem(atPath: ps)
    }

    /// pdftotext's reading of a PDF, as the fake MinerU's `full.md`.
    static func text(of pdf: [UInt8]) throws -> String {
        let file = NSTemporaryDirectory() + "fake-mineru-\(UUID().uuidString).pdf"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data(pdf).write(to: URL(fileURLWithPath: file))
        return try run("/usr/bin/pdftotext", [file, "-"])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw LoopbackError("\(executable) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A loopback MinerU v4 (WIRE.md §9) that answers byte for byte as the
/// docs show: the batch upload flow (file-urls/batch, a PUT URL, batch
/// results through pending → running → done/failed), URL tasks, and the
/// result zip. Its `full.md` is pdftotext's reading of the uploaded PDF, in
/// a nested folder, beside a content list and a hostile `../x` entry.
final class FakeMinerU: Sendable {
    struct State {
        var uploads: [[UInt8]] = []
        var uploadContentTypes: [String?] = []
        var polls = 0
        /// Polls answered `running` before `done` (or `failed`).
        var runningPolls = 1
        var hold = false
        var fail: String?
        var batches = 0
    }

    let state = Mutex(State())
    let token = "mineru-secret-\(UUID().uuidString.prefix(8))"
    private(set) nonisolated(unsafe) var server: LoopbackServer!

    init() throws {
        server = try LoopbackServer { [unowned self] request, connection in
            try self.answer(request, connection)
        }
    }

    var baseURL: String { server.baseURL + "/api/v4" }
    var environment: [String: String] {
        ["MINERU_ENABLED": "true", "MINERU_API_KEY": token, "MINERU_BASE_URL": baseURL, "MINERU_POLL_INTERVAL_MS": "100", "MINERU_MAX_POLL_ATTEMPTS": "300"]
    }

    func stop() { server.stop() }

    private func json(_ connection: LoopbackConnection, _ data: String) {
        _ = connection.respond(200, [("Content-Type", "application/json")],
                               body: #"{"code":0,"msg":"ok","trace_id":"c876cd60b202f2396de1f9e39a1b0172","data":"# + data + "}")
    }

    private func answer(_ request: LoopbackRequest, _ connection: LoopbackConnection) throws {
        let target = request.target
        if target.hasPrefix("/api/v4/") && request.header("authorization") != "Bearer \(token)" {
            _ = connection.respond(401, [("Content-Type", "application/json")], body: #"{"success":false,"msgCode":"A0202","msg":"user authenticate failed"}"#)
            return
        }
        switch (request.method, target) {
        case ("POST", "/api/v4/file-urls/batch"):
            let n = state.withLock { $0.batches += 1; return $0.batches }
            json(connection, #"{"batch_id":"2bb2f0ec-a9c1-4f6d-8e2b-000000000\#(n)","file_urls":["\#(server.baseURL)/api-upload/\#(n)?Signature=abc"]}"#)
        case ("PUT", _) where target.hasPrefix("/api-upload/"):
            state.withLock { $0.uploads.append(request.body); $0.uploadContentTypes.append(request.header("content-type")) }
            _ = connection.respond(200, [], body: "")
        case ("GET", _) where target.hasPrefix("/api/v4/extract-results/batch/"):
            let batch = String(target.dropFirst("/api/v4/extract-results/batch/".count))
            json(connection, #"{"batch_id":"\#(batch)","extract_result":[\#(fileState())]}"#)
        case ("POST", "/api/v4/extract/task"):
            json(connection, #"{"task_id":"a90e6ab6-44f3-4554-b459-b62fe4c6b436"}"#)
        case ("GET", "/api/v4/extract/task/a90e6ab6-44f3-4554-b459-b62fe4c6b436"):
            json(connection, fileState(task: true))
        case ("GET", "/zip/result.zip"):
            let pdf = state.withLock { $0.uploads.last } ?? []
            let zip = try Self.resultZip(markdown: try PDFMaker.text(of: pdf))
            _ = connection.write(Array("HTTP/1.1 200 OK\r\nContent-Type: application/zip\r\nContent-Length: \(zip.count)\r\nConnection: close\r\n\r\n".utf8) + zip)
            connection.close()
        default:
            _ = connection.respond(404, [("Content-Type", "application/json")], body: #"{"code":-60012,"msg":"task not found","data":null}"#)
        }
    }

    /// One file's state; advances one step per poll.
    private func fileState(task: Bool = false) -> String {
        let (polls, running, hold, fail) = state.withLock { s -> (Int, Int, Bool, String?) in
            s.polls += 1
            return (s.polls, s.runningPolls, s.hold, s.fail)
        }
        let head = task ? #""task_id":"a90e6ab6-44f3-4554-b459-b62fe4c6b436","data_id":"doc-42""# : #""file_name":"demo.pdf","data_id":"doc-42""#
        if polls == 1 { return "{\(head),\"state\":\"pending\",\"err_msg\":\"\"}" }
        if hold || polls <= 1 + running {
            return #"{\#(head),"state":"running","err_msg":"","extract_progress":{"extracted_pages":1,"total_pages":2,"start_time":"2025-01-20 11:43:20"}}"#
        }
        if let fail { return "{\(head),\"state\":\"failed\",\"err_msg\":\"\(fail)\"}" }
        return #"{\#(head),"state":"done","err_msg":"","full_zip_url":"\#(server.baseURL)/zip/result.zip"}"#
    }

    /// `full.md` and the content list in a nested folder, an image, and `../x`.
    static func resultZip(markdown: String) throws -> [UInt8] {
        let archive = try Archive(accessMode: .create)
        let pages = markdown.split(separator: "\u{0C}").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let list = "[" + pages.enumerated().map { i, text in
            #"{"type":"text","text":"\#(text.replacingOccurrences(of: "\"", with: "'"))","text_level":\#(i == 0 ? 1 : 0),"bbox":[62,480,946,904],"page_idx":\#(i)}"#
        }.joined(separator: ",") + "]"
        let entries: [(String, Data)] = [
            ("018e53ad/full.md", Data(pages.joined(separator: "\n\n").utf8)),
            ("018e53ad/demo_content_list.json", Data(list.utf8)),
            ("018e53ad/images/a.jpg", Data([0xFF, 0xD8, 0xFF])),
            ("../x", Data("escaped\n".utf8)),
        ]
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return [UInt8](archive.data ?? Data())
    }
}

extension HostProcess {
    /// Every stored event of a job.
    func jobEvents(_ jobID: String, scope: JSONValue? = nil) async throws -> [JSONValue] {
        var params: [String: JSONValue] = ["job_id": .string(jobID), "limit": 1000]
        if let scope { params["scope"] = scope }
        return try await result("jobs/events", .object(params))["events"]?.arrayValue ?? []
    }

    /// Polls `jobs/get` until the job has finished.
    func waitForJob(_ jobID: String, timeout: Duration = .seconds(60)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let job = try await result("jobs/get", ["job_id": .string(jobID)])
            if ["completed", "failed", "cancelled"].contains(job["state"]?.stringValue ?? "") || ContinuousClock.now > deadline { return job }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
