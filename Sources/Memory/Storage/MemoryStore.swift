import Foundation
import JSON
import Store

/// Writes, reads, lists and deletes memories. A write chunks the content,
/// embeds the chunks, then inserts the memory and all its chunks in one
/// transaction: a failure anywhere leaves nothing behind.
public struct MemoryStore: Sendable {
    let database: Database
    let embedder: any Embedder
    let chunker: MarkdownChunker
    let limits: MemoryLimits

    /// A memory ready to insert: validated, chunked and embedded.
    struct Prepared: Sendable {
        var new: NewMemory
        var metadata: JSONValue
        var chunks: [Chunk]
        var vectors: [[Float]]
    }

    public func write(_ new: NewMemory, in scope: Scope, now: Date = Date()) async throws -> MemoryItem {
        try await write([new], in: scope, now: now)[0]
    }

    /// Several memories in one transaction (ingestion, benchmarks).
    public func write(_ batch: [NewMemory], in scope: Scope, now: Date = Date()) async throws -> [MemoryItem] {
        let prepared = try await prepare(batch)
        let dialect = database.dialect
        let embedderName = embedder.name
        return try await database.transaction(.tenant(scope)) { c in
            try Self.insert(prepared, embedder: embedderName, in: scope, now: now, dialect: dialect, c)
        }
    }

    /// Validates, chunks and embeds (outside any transaction: embedding may
    /// be a network call, and a transaction body must be pure SQL).
    func prepare(_ batch: [NewMemory]) async throws -> [Prepared] {
        var prepared: [Prepared] = []
        var texts: [String] = []
        for new in batch {
            let metadata = try validate(new)
            let chunks = (new.chunking.map { MarkdownChunker(options: $0) } ?? chunker).chunks(new.content, title: new.title)
            guard !chunks.isEmpty else { throw MemoryError.invalid("content has nothing to store", field: "content") }
            if let given = new.embedding {
                guard given.count == embedder.dimension else {
                    throw MemoryError.invalid("embedding has \(given.count) dimensions; the \(embedder.name) embedder's vectors have \(embedder.dimension)", field: "embedding")
                }
                guard given.allSatisfy(\.isFinite) else { throw MemoryError.invalid("embedding must be finite", field: "embedding") }
                guard chunks.count == 1 else {
                    throw MemoryError.invalid("an explicit embedding needs content that fits one chunk (this content makes \(chunks.count))", field: "embedding")
                }
                prepared.append(Prepared(new: new, metadata: metadata, chunks: chunks, vectors: [VectorMath.normalized(given)]))
            } else {
                prepared.append(Prepared(new: new, metadata: metadata, chunks: chunks, vectors: []))
                texts += chunks.map(\.text)
            }
        }
        let vectors = texts.isEmpty ? [] : try await embedder.embed(texts)
        guard vectors.count == texts.count else { throw MemoryError(.embedderFailed, "the embedder returned \(vectors.count) vectors for \(texts.count) chunks") }
        var next = 0
        for i in prepared.indices where prepared[i].vectors.isEmpty {
            prepared[i].vectors = Array(vectors[next..<(next + prepared[i].chunks.count)])
            next += prepared[i].chunks.count
        }
        return prepared
    }

    func validate(_ new: NewMemory) throws -> JSONValue {
        guard !new.content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw MemoryError.invalid("content must not be empty", field: "content")
        }
        try MemoryValidation.text(new.content, field: "content", maxBytes: limits.maxContentBytes)
        try MemoryValidation.optionalText(new.title, field: "title", maxBytes: limits.maxTitleBytes)
        try MemoryValidation.optionalText(new.uri, field: "uri", maxBytes: limits.maxURIBytes)
        try MemoryValidation.key(new.sourceType, field: "source_type", maxBytes: 512)
        try MemoryValidation.key(new.sourceKey, field: "source_key", maxBytes: 512)
        try MemoryValidation.optionalID(new.roleID, field: "role_id")
        try MemoryValidation.optionalID(new.groupID, field: "group_id")
        if let importance = new.importance, !(0...1).contains(importance) {
            throw MemoryError.invalid("importance must be between 0 and 1", field: "importance")
        }
        return try MemoryValidation.metadata(new.metadata, maxBytes: limits.maxMetadataBytes)
    }

    /// Rows per multi-row INSERT: one round trip for many rows, well under
    /// both backends' parameter limits (16 × 64 parameters).
    static let rowsPerStatement = 64

    /// Inserts one prepared memory and its chunks (inside a transaction).
    static func insert(_ p: Prepared, id: String? = nil, embedder: String, in scope: Scope, now: Date, dialect: SQLDialect,
                       replacingSource: Bool = true, _ c: any SQLConnection) throws -> MemoryItem {
        try insert([p], ids: id.map { [$0] }, embedder: embedder, in: scope, now: now, dialect: dialect, replacingSource: replacingSource, c)[0]
    }

    /// Inserts prepared memories and their chunks (inside a transaction),
    /// each replacing an earlier memory with the same source first (unless
    /// `replacingSource` is false: blackboard entries share their run as source).
    /// `ids` fixes the memories' ids (else new ones are made).
    static func insert(_ batch: [Prepared], ids fixed: [String]? = nil, embedder: String, in scope: Scope, now: Date, dialect: SQLDialect,
                       replacingSource: Bool = true, _ c: any SQLConnection) throws -> [MemoryItem] {
        for p in batch where replacingSource {
            if let sourceType = p.new.sourceType, let sourceKey = p.new.sourceKey {
                try c.execute(
                    "DELETE FROM memories AS m WHERE \(MemoryRows.visible(scope)) AND m.source_type = \(.text(sourceType)) AND m.source_key = \(.text(sourceKey))")
            }
        }
        let ids = fixed ?? batch.map { _ in Identifier.make(prefix: "mem_", now: now) }
        var memoryRows: [SQL] = []
        var chunkRows: [SQL] = []
        for (p, id) in zip(batch, ids) {
            let new = p.new
            memoryRows.append("""
                (\(.text(scope.orgID)), \(.text(id)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(new.tier.rawValue)), \
                \(.optional(new.roleID)), \(.optional(new.groupID)), \(.optional(new.title)), \(.optional(new.uri)), \(.text(new.content)), \
                \(.text(p.metadata.description)), \(.real(new.importance ?? 0.5)), \(.optional(new.sourceType)), \(.optional(new.sourceKey)), \
                \(.date(now)), \(.date(now)), \(.bool(new.shared)))
                """)
            for (chunk, vector) in zip(p.chunks, p.vectors) {
                let embedded = !VectorMath.isZero(vector)
                chunkRows.append("""
                    (\(.text(scope.orgID)), \(.text(Identifier.make(prefix: "chk_", now: now))), \(.text(id)), \(.text(scope.userID)), \
                    \(.text(scope.projectKey)), \(.text(new.tier.rawValue)), \(.optional(new.roleID)), \(.optional(new.groupID)), \
                    \(.int(chunk.index)), \(.text(chunk.text)), \(embedded ? SQLValue.text(embedder) : .null), \(embedded ? SQLValue.int(vector.count) : .null), \
                    \(MemoryRows.embedding(vector, dialect: dialect)), \(.date(now)), \(.bool(new.shared)))
                    """)
            }
        }
        try insertRows(
            "INSERT INTO memories (org_id, id, user_id, project_id, tier, role_id, group_id, title, uri, text, metadata, importance, source_type, source_key, created_at, updated_at, shared)",
            memoryRows, c)
        try insertRows(
            "INSERT INTO memory_chunks (org_id, id, memory_id, user_id, project_id, tier, role_id, group_id, chunk_index, content, embedder, dimension, embedding, created_at, shared)",
            chunkRows, c)
        let stamp = Timestamp.truncated(now)
        return zip(batch, ids).map { p, id in
            MemoryItem(id: id, scope: scope, tier: p.new.tier, title: p.new.title, uri: p.new.uri, text: p.new.content, metadata: p.metadata,
                       importance: p.new.importance ?? 0.5, roleID: p.new.roleID, groupID: p.new.groupID, sourceType: p.new.sourceType,
                       sourceKey: p.new.sourceKey, createdAt: stamp, updatedAt: stamp, chunkCount: p.chunks.count)
        }
    }

    /// `INSERT … VALUES (…), (…)` in groups of `rowsPerStatement` rows.
    static func insertRows(_ head: SQL, _ rows: [SQL], _ c: any SQLConnection) throws {
        var start = 0
        while start < rows.count {
            let group = rows[start..<min(start + rowsPerStatement, rows.count)]
            try c.execute("\(head) VALUES \(group.joined(separator: ", "))")
            start += group.count
        }
    }

    public func get(_ id: String, in scope: Scope) async throws -> MemoryItem {
        let item = try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT \(raw: MemoryItem.columns) FROM memories m WHERE \(MemoryRows.visible(scope)) AND m.id = \(.text(id))",
                             as: MemoryItem.self)
        }
        guard let item else { throw MemoryError(.notFound, "memory not found: \(id)", field: "id") }
        return item
    }

    /// A page of memories, newest first.
    public struct Page: Sendable {
        public var items: [MemoryItem]
        public var next: String?
    }

    public func list(in scope: Scope, tier: MemoryTier? = nil, limit: Int = 20, cursor: String? = nil) async throws -> Page {
        guard (1...100).contains(limit) else { throw MemoryError.invalid("limit must be between 1 and 100", field: "limit") }
        var sql: SQL = "SELECT \(raw: MemoryItem.columns) FROM memories m WHERE \(MemoryRows.visible(scope))"
        if let tier { sql += " AND m.tier = \(.text(tier.rawValue))" }
        if let cursor {
            guard let (date, id) = Self.parseCursor(cursor) else { throw MemoryError.invalid("cursor is not a cursor from memory/list", field: "cursor") }
            sql += " AND (m.created_at < \(.date(date)) OR (m.created_at = \(.date(date)) AND m.id < \(.text(id))))"
        }
        sql += " ORDER BY m.created_at DESC, m.id DESC LIMIT \(literal: limit + 1)"
        let query = sql
        let rows = try await database.transaction(.tenant(scope), .read) { c in try c.query(query, as: MemoryItem.self) }
        let items = Array(rows.prefix(limit))
        let next = rows.count > limit ? items.last?.cursor : nil
        return Page(items: items, next: next)
    }

    static func parseCursor(_ text: String) -> (Date, String)? {
        guard let dot = text.firstIndex(of: "."), let ms = Int64(text[..<dot]) else { return nil }
        let id = String(text[text.index(after: dot)...])
        guard SafeID.isValid(id) else { return nil }
        return (Date(timeIntervalSince1970: Double(ms) / 1000), id)
    }

    public func delete(_ id: String, in scope: Scope) async throws {
        let count = try await database.transaction(.tenant(scope)) { c in
            try c.execute("DELETE FROM memories AS m WHERE \(MemoryRows.visible(scope)) AND m.id = \(.text(id))")
        }
        guard count > 0 else { throw MemoryError(.notFound, "memory not found: \(id)", field: "id") }
    }

    /// Promotes the episodic memories a run marked `durable: true` to
    /// archival (shared within the project), inside a transaction. Returns their ids.
    static func promoteDurable(runID: String, in scope: Scope, now: Date, dialect: SQLDialect, _ c: any SQLConnection) throws -> [String] {
        let match = MemoryRows.metadataMatches(["run_id": .string(runID), "durable": true], alias: "m", dialect: dialect)
        let ids = try c.query(
            "SELECT m.id FROM memories m WHERE \(.inScope(scope, alias: "m")) AND m.tier = 'episodic' AND \(match)"
        ).map { try $0.string("id") }
        let patch = JSONValue.object(["promoted_from": "episodic", "promoted_at": .string(ISO8601.format(now))]).description
        let merge: SQL = dialect == .postgres ? "metadata || \(.text(patch))::jsonb" : "json_patch(metadata, \(.text(patch)))"
        for id in ids {
            try c.execute(
                "UPDATE memories SET tier = 'archival', metadata = \(merge), updated_at = \(.date(now)) WHERE org_id = \(.text(scope.orgID)) AND id = \(.text(id))")
            try c.execute("UPDATE memory_chunks SET tier = 'archival' WHERE org_id = \(.text(scope.orgID)) AND memory_id = \(.text(id))")
        }
        return ids
    }
}
