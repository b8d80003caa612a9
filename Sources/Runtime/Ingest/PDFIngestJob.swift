import Foundation
import HTTP
import JSON
import Memory
import Store

/// The body of a `pdf_ingest` job: MinerU's flow when it is configured
/// (batch upload for a file, a task for a URL; poll; the result zip), else
/// `pdftotext` here; then one archival memory keyed by the source key. The
/// remote task id is saved as soon as it exists, so a resumed job polls the
/// same task instead of uploading again.
struct PDFIngestJob: JobHandler {
    static let kind = "pdf_ingest"
    var kind: String { Self.kind }
    let settings: MinerUSettings
    let memory: MemoryService
    /// Where an `upload_id` source's bytes come from (read in the job's scope).
    let uploads: UploadService
    /// `<data>/ingest`: one folder per job for downloads and extracted zips.
    let workFolder: String

    func execute(_ context: JobContext) async throws -> JSONValue {
        let spec = context.spec
        guard let stored = PDFSource(json: spec["source"] ?? [:]) else { throw JobFailure("the job's source is unreadable") }
        if context.isDone("document"), let result = context.value("result") { return result }
        if context.itemsTotal == 0 { try await context.setTotal(1) }
        let folder = (workFolder as NSString).appendingPathComponent(context.job.id)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = try await local(stored, folder: folder, context)
        let document: ParsedDocument
        do {
            if settings.isConfigured {
                document = try await viaMinerU(source, spec: spec, folder: folder, context)
            } else {
                try await context.note("MinerU is not configured: parsing locally with pdftotext")
                document = try await viaPdftotext(source, folder: folder, context)
            }
        } catch let error as MinerUError {
            try await context.itemFailed("document", error.description)
            throw JobFailure(error.description)
        } catch let failure as JobFailure {
            try await context.itemFailed("document", failure.message)
            throw failure
        }
        try context.checkCancelled()
        let key = spec["source_key"]?.stringValue ?? stored.defaultKey
        var metadata = spec["metadata"]?.objectValue ?? [:]
        metadata["source"] = .string(document.parser)
        metadata["document"] = .string(source.fileName)
        if case .upload(let id) = stored { metadata["upload_id"] = .string(id) }
        metadata["page_count"] = .int(Int64(document.pageCount))
        metadata["page_starts"] = .array(document.pageStarts.map { .int(Int64($0)) })
        metadata["job_id"] = .string(context.job.id)
        metadata["project_shared"] = true
        let title = spec["title"]?.stringValue ?? source.fileName
        guard !document.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            try await context.itemFailed("document", "the PDF has no text")
            throw JobFailure("the PDF has no text (a scanned PDF needs MinerU with is_ocr)")
        }
        let item: MemoryItem
        do {
            item = try await memory.write(
                NewMemory(tier: .archival, content: document.text, title: title, metadata: .object(metadata), importance: 0.8,
                          sourceType: "pdf", sourceKey: key), in: context.job.scope)
        } catch let error as MemoryError {
            try await context.itemFailed("document", "\(error)")
            throw JobFailure("cannot store the document: \(error)")
        }
        let result: JSONValue = [
            "memory_id": .string(item.id), "chunk_count": .int(Int64(item.chunkCount)), "page_count": .int(Int64(document.pageCount)),
            "parser": .string(document.parser), "source_key": .string(key), "title": .string(title),
        ]
        try await context.save("result", result)
        try await context.itemDone("document", extra: ["memory_id": .string(item.id), "chunk_count": .int(Int64(item.chunkCount))])
        return result
    }

    /// An upload's bytes, written into the job's folder under the upload's
    /// name, become a path source; other sources are as they are.
    private func local(_ source: PDFSource, folder: String, _ context: JobContext) async throws -> PDFSource {
        guard case .upload(let id) = source else { return source }
        let upload: Upload, data: Data
        do {
            (upload, data) = try await uploads.get(id, in: context.job.scope)
        } catch {
            try await context.itemFailed("document", "upload \(id) is gone")
            throw JobFailure("upload \(id) is not in this scope (deleted?)")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let file = (folder as NSString).appendingPathComponent("upload.pdf")
        guard FileManager.default.createFile(atPath: file, contents: data) else { throw JobFailure("cannot write the upload into the job's folder") }
        return .path(absolute: file, given: upload.originalName)
    }

    private func viaMinerU(_ source: PDFSource, spec: JSONValue, folder: String, _ context: JobContext) async throws -> ParsedDocument {
        let client = MinerUClient(settings: settings)
        let options = spec["options"]?.objectValue ?? [:]
        let dataID = options["data_id"]?.stringValue ?? String(context.job.id.suffix(32))
        let poll: () async throws -> MinerUState
        switch source {
        case .url(let url):
            let taskID: String
            if let saved = context.value("task_id")?.stringValue { taskID = saved } else {
                taskID = try await client.createTask(url: url, dataID: dataID, options: options)
                try await context.save("task_id", .string(taskID), message: "MinerU task \(taskID) created")
            }
            poll = { try await client.taskState(taskID) }
        case .path(let absolute, _):
            let batchID: String
            if let saved = context.value("batch_id")?.stringValue { batchID = saved } else {
                guard let data = FileManager.default.contents(atPath: absolute) else { throw JobFailure("cannot read \(source.fileName)") }
                let batch = try await client.createBatch(fileName: source.fileName, dataID: dataID, options: options)
                try await client.upload([UInt8](data), to: batch.uploadURL)
                try await context.save("batch_id", .string(batch.batchID), message: "uploaded to MinerU batch \(batch.batchID)")
                batchID = batch.batchID
            }
            poll = { try await client.batchState(batchID) }
        case .upload:
            throw JobFailure("an upload is read into the job's folder first")
        }
        var last: MinerUState?
        for _ in 0..<settings.maxPollAttempts {
            try context.checkCancelled()
            let state = try await poll()
            if state != last {
                var line = "MinerU: \(state.state)"
                if let done = state.extractedPages, let total = state.totalPages { line += " (\(done)/\(total) pages)" }
                try await context.note(line)
                last = state
            }
            switch state.state {
            case "done":
                guard let zipURL = state.zipURL else { throw MinerUError(code: "bad_reply", message: "done without full_zip_url") }
                let zip = try ResultZip.extract(try await client.download(zipURL), into: (folder as NSString).appendingPathComponent("result"))
                if !zip.refused.isEmpty { try await context.note("refused zip entries outside the extraction folder: \(zip.refused.joined(separator: ", "))") }
                return ParsedDocument.fromMinerU(markdown: zip.markdown, contentList: zip.contentList)
            case "failed":
                throw MinerUError(code: "failed", message: state.errorMessage ?? "the extraction failed")
            default:
                try await Task.sleep(for: settings.pollInterval)
            }
        }
        throw MinerUError(code: "timeout", message: "no result after \(settings.maxPollAttempts) polls")
    }

    private func viaPdftotext(_ source: PDFSource, folder: String, _ context: JobContext) async throws -> ParsedDocument {
        let file: String
        switch source {
        case .path(let absolute, _): file = absolute
        case .url(let url):
            let http = IngestHTTP(timeout: settings.timeout, maxRetries: settings.maxRetries)
            let reply = try await http.send(HTTPRequest(url: url), maxBytes: 200 << 20)
            guard reply.status == 200 else { throw JobFailure("downloading the PDF answered HTTP \(reply.status)") }
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            file = (folder as NSString).appendingPathComponent("source.pdf")
            guard FileManager.default.createFile(atPath: file, contents: Data(reply.body)) else { throw JobFailure("cannot keep the downloaded PDF") }
        case .upload:
            throw JobFailure("an upload is read into the job's folder first")
        }
        guard let pdftotext = Executables.find("pdftotext") else {
            throw JobFailure("MinerU is not configured and pdftotext (Debian poppler-utils) is not installed")
        }
        let output = try await CommandProcess.run(executable: pdftotext, arguments: ["-layout", "-enc", "UTF-8", file, "-"], environment: [:],
                                                  directory: "/", timeout: .seconds(300), stdoutCap: 64 << 20, stderrCap: 16 << 10)
        guard output.exitCode == 0 else {
            let detail = String(decoding: output.stderr.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw JobFailure("pdftotext failed (exit \(output.exitCode.map(String.init) ?? "signal")): \(detail)")
        }
        return ParsedDocument.fromPlainText(String(decoding: output.stdout, as: UTF8.self))
    }
}
