import Foundation
import JSON
import Memory
import Store

/// Knowledge ingestion as jobs: `ingest/pdf` (MinerU or pdftotext), and
/// the Feishu connectors' syncs. Creating one stores a durable job; the
/// job runner executes it, here or in the next process.
public final class IngestService: Sendable {
    public let mineru: MinerUSettings
    let jobs: JobService
    let workspaces: TenantFolders
    let uploads: UploadService

    init(mineru: MinerUSettings, jobs: JobService, workspaces: TenantFolders, uploads: UploadService) {
        self.mineru = mineru
        self.jobs = jobs
        self.workspaces = workspaces
        self.uploads = uploads
    }

    /// The absolute path of `path` in the scope's workspace, checked like
    /// the file tools' paths (relative, no `..`, no link, a regular file).
    public func workspaceFile(_ path: String, in scope: Scope) throws -> String {
        do {
            let root = try workspaces.folder(for: scope)
            return try Workspace(root: root).clientPath(path, creating: false)
        } catch let failure as ToolFailure {
            throw RuntimeError.invalid(failure.message, path: "params.path")
        } catch let failure as TenantFolders.Failure {
            throw RuntimeError(.internal, failure.message)
        }
    }

    /// Stores a `pdf_ingest` job; `wait` waits for its end.
    public func ingestPDF(_ request: PDFIngestRequest, wait: Bool, in scope: Scope) async throws -> Job {
        if case .upload(let id) = request.source {
            // Another tenant's upload is not found (-32001); only a PDF is taken.
            let (upload, _) = try await uploads.get(id, in: scope)
            guard upload.mimeType == "application/pdf" else {
                throw RuntimeError.invalid("upload \(id) is \(upload.mimeType), not a PDF", path: "params.upload_id")
            }
        }
        if case .url(let url) = request.source, !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw RuntimeError.invalid("url must be http or https", path: "params.url")
        }
        var spec: [String: JSONValue] = ["source": request.source.json, "options": .object(request.options), "metadata": .object(request.metadata)]
        if let title = request.title { spec["title"] = .string(title) }
        if let key = request.sourceKey { spec["source_key"] = .string(key) }
        spec["parser"] = .string(mineru.isConfigured ? "mineru" : "pdftotext")
        let job = try await jobs.create(NewJob(kind: PDFIngestJob.kind, spec: JSONValue.object(spec).description), in: scope)
        return wait ? try await jobs.wait(job.id, in: scope) : job
    }
}
