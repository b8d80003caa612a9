import Foundation
import JSON
import Memory
import Store

/// The body of a `feishu_sync` job: discover the connector's documents
/// (Drive folders recursively, wiki nodes and their children, listed
/// files), then for each docx compare its `revision_id` with the stored
/// memory's and replace the memory when it changed; documents gone from the
/// listing lose their memories. Other document types and bitable apps are
/// skipped and counted. The discovered list is saved first, so a resumed
/// sync goes on with the documents it had not done.
struct FeishuSyncJob: JobHandler {
    static let kind = "feishu_sync"
    static let sourceType = "feishu_docx"
    var kind: String { Self.kind }
    let settings: FeishuSettings
    let memory: MemoryService
    let connectors: ConnectorRepository
    let client: FeishuClient

    struct Document: Sendable {
        var token: String
        var title: String
        var origin: String
        var json: JSONValue { ["token": .string(token), "title": .string(title), "origin": .string(origin)] }
        init(token: String, title: String, origin: String) { (self.token, self.title, self.origin) = (token, title, origin) }
        init?(_ json: JSONValue) {
            guard let token = json["token"]?.stringValue else { return nil }
            self.init(token: token, title: json["title"]?.stringValue ?? token, origin: json["origin"]?.stringValue ?? "file")
        }
    }

    func execute(_ context: JobContext) async throws -> JSONValue {
        let job = context.job
        guard let connectorID = job.connectorID, let connector = try await connectors.get(connectorID, kind: "feishu", in: job.scope) else {
            throw JobFailure("the connector of this sync no longer exists")
        }
        guard settings.enabled else { throw JobFailure("Feishu is disabled (feishu.enabled)") }
        let config = FeishuConnectorConfig((try? JSONParser.parse(connector.config)) ?? [:])
        try await connectors.markSync(connector, at: Date(), success: nil, error: nil)
        do {
            let result = try await sync(connector, config, context)
            try await connectors.markSync(connector, at: Date(), success: true, error: nil)
            return result
        } catch let stop as JobStop {
            throw stop
        } catch {
            let message = (error as? FeishuError)?.description ?? (error as? JobFailure)?.message ?? "\(error)"
            try? await connectors.markSync(connector, at: Date(), success: false, error: message)
            throw JobFailure(message)
        }
    }

    private func sync(_ connector: Connector, _ config: FeishuConnectorConfig, _ context: JobContext) async throws -> JSONValue {
        for key in ["discovered", "processed", "skipped", "failed", "docx_docs", "bitable_tables", "chunk_count"] where context.stats[key] == nil {
            context.count(key, by: 0)
        }
        let documents: [Document]
        if let saved = context.value("documents")?.arrayValue {
            documents = saved.compactMap(Document.init)
        } else {
            var found = try await discover(config, context)
            if found.count > config.maxDocsPerSync {
                try await context.note("found \(found.count) documents; max_docs_per_sync keeps the first \(config.maxDocsPerSync)")
                found = Array(found.prefix(config.maxDocsPerSync))
            }
            context.count("discovered", by: found.count)
            try await context.save("documents", .array(found.map(\.json)), message: "discovered \(found.count) docx documents")
            try await context.setTotal(found.count)
            documents = found
        }
        let scope = context.job.scope
        for document in documents where !context.isDone(document.token) {
            try context.checkCancelled()
            do {
                let meta = try await client.document(document.token)
                let revision = meta["revision_id"].map { $0.intValue.map(String.init) ?? $0.stringValue ?? "" } ?? ""
                if let stored = try await memory.store.find(sourceType: Self.sourceType, sourceKey: document.token, in: scope),
                   let storedRevision = stored.metadata["revision_id"]?.stringValue, storedRevision == revision, !revision.isEmpty {
                    context.count("skipped")
                    try await context.itemDone(document.token, outcome: "unchanged", extra: ["revision_id": .string(revision)])
                    continue
                }
                let content = try await client.rawContent(document.token)
                let title = meta["title"]?.stringValue ?? document.title
                guard !content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                    context.count("skipped")
                    try await context.itemDone(document.token, outcome: "empty")
                    continue
                }
                var new = NewMemory(tier: .archival, content: content, title: title,
                                    metadata: ["revision_id": .string(revision), "document_id": .string(document.token), "title": .string(title),
                                               "connector_id": .string(connector.id), "origin": .string(document.origin), "project_shared": true,
                                               "source_type": .string(Self.sourceType), "source_key": .string(document.token)],
                                    importance: 0.8, sourceType: Self.sourceType, sourceKey: document.token)
                new.chunking = ChunkingOptions(maxTokens: config.targetTokens, overlapTokens: min(config.minTokens / 2, config.targetTokens / 4))
                let item = try await memory.write(new, in: scope)
                context.count("processed")
                context.count("docx_docs")
                context.count("chunk_count", by: item.chunkCount)
                try await context.itemDone(document.token, extra: ["memory_id": .string(item.id), "chunk_count": .int(Int64(item.chunkCount)),
                                                                   "revision_id": .string(revision)])
            } catch let error as FeishuError {
                context.count("failed")
                try await context.itemFailed(document.token, error.description)
            } catch let error as MemoryError {
                context.count("failed")
                try await context.itemFailed(document.token, "\(error)")
            }
        }
        // Documents no longer listed lose their memories (only this connector's).
        let listed = Set(documents.map(\.token))
        var removed = 0
        if context.value("complete_listing")?.boolValue != false {
            for stored in try await memory.store.sources(ofType: Self.sourceType, in: scope)
            where stored.metadata["connector_id"]?.stringValue == connector.id && !listed.contains(stored.key) {
                try? await memory.delete(stored.id, in: scope)
                removed += 1
            }
        }
        if removed > 0 { context.count("deleted", by: removed) }
        return .object(context.stats.merging(["deleted": .int(Int64(removed))]) { a, _ in a })
    }

    /// Walks the configured sources; unreadable ones are errors of the job (and stop deletions).
    private func discover(_ config: FeishuConnectorConfig, _ context: JobContext) async throws -> [Document] {
        var documents: [Document] = []
        var seen: Set<String> = []
        var complete = true
        func add(_ token: String, _ title: String, _ origin: String) {
            if seen.insert(token).inserted { documents.append(Document(token: token, title: title, origin: origin)) }
        }
        func skip(_ type: String) {
            context.count("skipped")
            context.count("skipped_\(type)")
        }
        var folders = config.folderTokens.map { ($0, 0) }
        var visitedFolders: Set<String> = []
        while let (folder, depth) = folders.first {
            folders.removeFirst()
            guard visitedFolders.insert(folder).inserted, depth < 32 else { continue }
            try context.checkCancelled()
            do {
                for file in try await client.folderFiles(folder) {
                    let token = file["token"]?.stringValue ?? ""
                    let name = file["name"]?.stringValue ?? token
                    var type = file["type"]?.stringValue ?? ""
                    var target = token
                    if type == "shortcut", let info = file["shortcut_info"] {
                        type = info["target_type"]?.stringValue ?? ""
                        target = info["target_token"]?.stringValue ?? token
                    }
                    switch type {
                    case "folder": folders.append((target, depth + 1))
                    case "docx": add(target, name, "drive")
                    default: skip(type.isEmpty ? "unknown" : type)
                    }
                }
            } catch let error as FeishuError {
                complete = false
                try await context.recordError("folder:\(folder)", error.description)
            }
        }
        for nodeToken in config.wikiNodeTokens {
            try context.checkCancelled()
            do {
                let node = try await client.wikiNode(nodeToken)
                var queue = [node]
                var depth = 0
                while !queue.isEmpty && depth < 32 {
                    var next: [JSONValue] = []
                    for node in queue {
                        let objType = node["obj_type"]?.stringValue ?? ""
                        if objType == "docx", let obj = node["obj_token"]?.stringValue {
                            add(obj, node["title"]?.stringValue ?? obj, "wiki")
                        } else {
                            skip(objType.isEmpty ? "unknown" : objType)
                        }
                        if node["has_child"]?.boolValue == true, let space = node["space_id"]?.stringValue, let token = node["node_token"]?.stringValue {
                            next += try await client.wikiChildren(spaceID: space, parent: token)
                        }
                    }
                    queue = next
                    depth += 1
                }
            } catch let error as FeishuError {
                complete = false
                try await context.recordError("wiki:\(nodeToken)", error.description)
            }
        }
        for file in config.fileTokens { add(file, file, "file") }
        for _ in config.bitableAppTokens {
            // Bitable's wire format is not known here (WIRE.md): listed, skipped and counted, never silently.
            skip("bitable")
        }
        if !config.bitableAppTokens.isEmpty {
            try await context.note("\(config.bitableAppTokens.count) bitable app(s) skipped: bitable sync is not supported yet")
        }
        if !complete { try await context.save("complete_listing", false, message: "some sources could not be listed; nothing is deleted this time") }
        return documents
    }
}
