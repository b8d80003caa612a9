import JSON
import Runtime

/// `ingest/pdf`: a PDF into archival memory, as a durable job.
enum IngestPDF: HostMethod {
    static let name = "ingest/pdf"
    static let summary = "Parses a PDF (url, upload_id, or path in the caller's workspace) with MinerU when mineru.* is configured, else locally with pdftotext, and stores its text as one project-shared archival memory keyed by source_key. Answers the job: finished when wait (default true), else pending."

    struct Params: Decodable, Sendable, Scoped {
        var url: String?
        var uploadID: String?
        var path: String?
        var title: String?
        var sourceKey: String?
        var options: [String: JSONValue]?
        var metadata: [String: JSONValue]?
        var wait: Bool?
        var scope: ScopeParams?
        enum CodingKeys: String, CodingKey {
            case url, path, title, options, metadata, wait, scope, uploadID = "upload_id", sourceKey = "source_key"
        }
    }

    typealias Result = JobView

    static let options = Schema.object([
        "model_version": Schema.oneOf(strings: ["pipeline", "vlm", "MinerU-HTML"]), "is_ocr": Schema.boolean,
        "enable_formula": Schema.boolean, "enable_table": Schema.boolean, "language": Schema.string(minLength: 1, maxLength: 32),
        "page_ranges": Schema.string(minLength: 1, maxLength: 256, pattern: "^[0-9,\\- ]+$"), "no_cache": Schema.boolean,
        "cache_tolerance": Schema.integer(minimum: 0, maximum: 86_400),
        "data_id": Schema.string(minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_.\\-]+$"),
    ])

    static let paramsSchema = Schema.object([
        "url": Schema.string(minLength: 1, maxLength: 4096, description: "An http(s) URL of the PDF."),
        "upload_id": SafeIDSchema.id(description: "An upload of the caller's (uploads/create, POST /api/uploads) holding a PDF."),
        "path": Schema.string(minLength: 1, maxLength: 1024, description: "A PDF in the caller's workspace, relative to it."),
        "title": Schema.string(minLength: 1, maxLength: 512), "source_key": Schema.string(minLength: 1, maxLength: 512),
        "options": options, "metadata": Schema.map(Schema.any), "wait": Schema.boolean, "scope": ScopeParams.schema,
    ])
    static let resultSchema = JobSchemas.job
    static let example = JobSchemas.example

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        let given = [p.url != nil, p.uploadID != nil, p.path != nil].filter { $0 }.count
        guard given == 1 else { throw RuntimeError.invalid("give exactly one of url, upload_id and path", path: given == 0 ? "params.url" : "params") }
        let scope = try await context.scope(of: p)
        let ingest = try await context.runtime().ingest
        let source: PDFSource
        if let url = p.url {
            source = .url(url)
        } else if let path = p.path {
            source = .path(absolute: try ingest.workspaceFile(path, in: scope), given: path)
        } else {
            source = .upload(p.uploadID ?? "")
        }
        let request = PDFIngestRequest(source: source, title: p.title, sourceKey: p.sourceKey, options: p.options ?? [:], metadata: p.metadata ?? [:])
        return JobView(try await ingest.ingestPDF(request, wait: p.wait ?? true, in: scope))
    }
}
