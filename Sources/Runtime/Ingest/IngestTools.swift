import Foundation
import JSON
import Memory
import Store

/// `mineru_ingest_pdf` (the seed's parameters): a PDF by URL or workspace
/// path into archival memory, through an `ingest/pdf` job it waits for.
struct MinerUIngestTool: Tool {
    let name = "mineru_ingest_pdf"
    let description = "Parse a PDF (file_url, or file_path in the workspace) with MinerU (or pdftotext when MinerU is not configured) and store its text as project-shared archival memory."
    let risk = RiskLevel.medium
    var timeout: Duration? { .seconds(900) }
    let inputSchema = Schema.object([
        "file_url": Schema.string(minLength: 1, maxLength: 4096), "file_path": Schema.string(minLength: 1, maxLength: 1024),
        "title": Schema.string(minLength: 1, maxLength: 512), "source_key": Schema.string(minLength: 1, maxLength: 512),
        "options": Schema.map(Schema.any), "project_shared": Schema.boolean, "metadata": Schema.map(Schema.any),
    ])
    let ingest: IngestService

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let url = arguments["file_url"]?.stringValue, path = arguments["file_path"]?.stringValue
        guard (url == nil) != (path == nil) else { return .error("give exactly one of file_url and file_path") }
        let source: PDFSource
        if let url { source = .url(url) } else {
            do { source = .path(absolute: try context.workspace.clientPath(path ?? "", creating: false), given: path ?? "") } catch {
                return .error("\(error)")
            }
        }
        let request = PDFIngestRequest(source: source, title: arguments["title"]?.stringValue, sourceKey: arguments["source_key"]?.stringValue,
                                       options: arguments["options"]?.objectValue ?? [:], metadata: arguments["metadata"]?.objectValue ?? [:])
        let job = try await ingest.ingestPDF(request, wait: true, in: try context.scope)
        let view = JobView(job)
        guard job.state == "completed", let result = view.result else { return .error("ingestion \(job.state): \(job.errorMessage ?? "no result")") }
        var out = result.objectValue ?? [:]
        out["job_id"] = .string(job.id)
        return ToolOutput(.object(out))
    }
}

/// `feishu_ingest_doc` (the seed's parameters): one docx document by token
/// or URL into archival memory, keyed by its document id; an unchanged
/// revision is skipped.
struct FeishuIngestTool: Tool {
    let name = "feishu_ingest_doc"
    let description = "Fetch a Feishu docx document (doc_token or doc_url) and store its text as project-shared archival memory; an unchanged revision is skipped."
    let risk = RiskLevel.medium
    var timeout: Duration? { .seconds(120) }
    let inputSchema = Schema.object([
        "doc_token": Schema.string(minLength: 1, maxLength: 256, pattern: "^[A-Za-z0-9_-]+$"), "doc_url": Schema.string(minLength: 1, maxLength: 4096),
        "title": Schema.string(minLength: 1, maxLength: 512), "source_key": Schema.string(minLength: 1, maxLength: 512),
        "chunking": Schema.map(Schema.any), "project_shared": Schema.boolean, "metadata": Schema.map(Schema.any),
    ])
    let settings: FeishuSettings
    let client: FeishuClient
    let memory: MemoryService

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        guard settings.enabled else { return .error("Feishu is disabled (feishu.enabled)") }
        guard let token = arguments["doc_token"]?.stringValue ?? arguments["doc_url"]?.stringValue.flatMap(Self.token(fromURL:)) else {
            return .error("give doc_token, or a doc_url with a /docx/<token> path")
        }
        let scope = try context.scope
        let key = arguments["source_key"]?.stringValue ?? token
        do {
            let meta = try await client.document(token)
            let revision = meta["revision_id"].map { $0.intValue.map(String.init) ?? $0.stringValue ?? "" } ?? ""
            if let stored = try await memory.store.find(sourceType: FeishuSyncJob.sourceType, sourceKey: key, in: scope),
               stored.metadata["revision_id"]?.stringValue == revision, !revision.isEmpty {
                return ToolOutput(["memory_id": .string(stored.id), "skipped": true, "revision_id": .string(revision)])
            }
            let content = try await client.rawContent(token)
            var metadata = arguments["metadata"]?.objectValue ?? [:]
            metadata["revision_id"] = .string(revision)
            metadata["document_id"] = .string(token)
            metadata["project_shared"] = true
            let config = FeishuConnectorConfig(["chunking": arguments["chunking"] ?? [:]])
            var new = NewMemory(tier: .archival, content: content, title: arguments["title"]?.stringValue ?? meta["title"]?.stringValue ?? token,
                                metadata: .object(metadata), importance: 0.8, sourceType: FeishuSyncJob.sourceType, sourceKey: key)
            new.chunking = ChunkingOptions(maxTokens: config.targetTokens, overlapTokens: min(config.minTokens / 2, config.targetTokens / 4))
            let item = try await memory.write(new, in: scope)
            return ToolOutput(["memory_id": .string(item.id), "chunk_count": .int(Int64(item.chunkCount)), "revision_id": .string(revision), "skipped": false])
        } catch let error as FeishuError {
            return .error(error.description)
        }
    }

    /// `https://x.feishu.cn/docx/<token>?…` → the token.
    static func token(fromURL url: String) -> String? {
        let parts = url.split(separator: "?").first?.split(separator: "/") ?? []
        guard let i = parts.firstIndex(where: { $0 == "docx" || $0 == "docs" || $0 == "wiki" }), i + 1 < parts.count else { return nil }
        return String(parts[i + 1])
    }
}
