import Foundation
import Testing
@testable import Store

/// The product's whole schema exists on both backends, with the same tables
/// and columns, full text and vectors working where Memory will need them.
@Suite struct SchemaTests {
    static let tenantTables = [
        "runs", "events", "checkpoints", "approvals", "tool_grants", "memories", "memory_chunks", "core_blocks",
        "roles", "groups", "group_members", "skills", "connectors", "sync_jobs",
    ]

    static func columns(_ db: Database, _ table: String) async throws -> Set<String> {
        let sql = db.dialect == .sqlite
            ? "SELECT name AS column_name FROM pragma_table_info($1)"
            : "SELECT column_name::text AS column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1"
        return try await db.transaction(.system, .read) { c in
            Set(try c.query(sql, [.text(table)]).map { try $0.string("column_name") })
        }
    }

    @Test(arguments: Backend.all)
    func everyTenantTableLeadsItsKeyWithTheOrgAndHasAProjectColumn(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            for table in Self.tenantTables {
                let columns = try await Self.columns(db, table)
                #expect(columns.contains("org_id"), "\(table)")
                #expect(columns.contains("project_id"), "\(table)")
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func bothDialectsHaveTheSameTablesAndColumns(_ backend: Backend) async throws {
        try await withDatabase(.sqlite) { sqlite in
            try await withDatabase(.postgres) { postgres in
                for table in Self.tenantTables {
                    // Each dialect's own plumbing: SQLite's FTS rowid, PostgreSQL's generated tsvector.
                    let lite = try await Self.columns(sqlite, table).subtracting(["chunk_rowid"])
                    let pg = try await Self.columns(postgres, table).subtracting(["search_tsv"])
                    #expect(lite == pg, "\(table): only SQLite \(lite.subtracting(pg)), only PostgreSQL \(pg.subtracting(lite))")
                }
            }
        }
    }

    static func insertChunk(_ c: any SQLConnection, id: String, memoryID: String, index: Int, content: String,
                            embedding: SQLValue, dimension: Int?) throws {
        try c.execute(
            """
            INSERT INTO memory_chunks (org_id, user_id, project_id, id, memory_id, tier, chunk_index, content, embedder, dimension, embedding, created_at)
            VALUES (\(.text(Tenants.a.orgID)), \(.text(Tenants.a.userID)), \(.text(Tenants.a.projectKey)), \(.text(id)), \(.text(memoryID)),
                'archival', \(.int(index)), \(.text(content)), 'hash', \(dimension.map(SQLValue.int) ?? .null),
                \(embedding)\(raw: c.dialect == .postgres ? "::vector" : ""), \(.date(Date())))
            """)
    }

    static func insertMemory(_ c: any SQLConnection, id: String) throws {
        let now = SQLValue.date(Date())
        try c.execute(
            """
            INSERT INTO memories (org_id, user_id, project_id, id, tier, text, created_at, updated_at)
            VALUES (\(.text(Tenants.a.orgID)), \(.text(Tenants.a.userID)), \(.text(Tenants.a.projectKey)), \(.text(id)), 'archival', 'doc', \(now), \(now))
            """)
    }

    static func vector(_ values: [Float]) -> Data {
        var data = Data(capacity: values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    @Test(arguments: [Backend.sqlite])
    func sqliteFullTextFollowsChunkInsertsUpdatesAndDeletes(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            let hits: @Sendable (String) async throws -> [String] = { query in
                try await db.transaction(.tenant(Tenants.a), .read) { c in
                    try c.query(
                        """
                        SELECT ch.id AS id FROM memory_chunks_fts
                        JOIN memory_chunks ch ON ch.chunk_rowid = memory_chunks_fts.rowid
                        WHERE memory_chunks_fts MATCH $1 AND ch.org_id = $2
                        ORDER BY bm25(memory_chunks_fts)
                        """, [.text(query), .text(Tenants.a.orgID)]
                    ).map { try $0.string("id") }
                }
            }
            try await db.transaction(.tenant(Tenants.a)) { c in
                try Self.insertMemory(c, id: "mem_1")
                try Self.insertChunk(c, id: "chk_1", memoryID: "mem_1", index: 0, content: "the quick brown fox", embedding: .blob(Self.vector([1, 0, 0])), dimension: 3)
                try Self.insertChunk(c, id: "chk_2", memoryID: "mem_1", index: 1, content: "a lazy dog, quick quick", embedding: .null, dimension: nil)
            }
            #expect(try await hits("quick") == ["chk_2", "chk_1"])
            #expect(try await hits("fox") == ["chk_1"])
            try await db.transaction(.tenant(Tenants.a)) { c in
                try c.execute("UPDATE memory_chunks SET content = 'a sleepy cat' WHERE id = 'chk_2'")
            }
            #expect(try await hits("quick") == ["chk_1"])
            #expect(try await hits("sleepy") == ["chk_2"])
            try await db.transaction(.tenant(Tenants.a)) { c in try c.execute("DELETE FROM memories WHERE id = 'mem_1'") }
            #expect(try await hits("fox").isEmpty, "chunks cascade with their memory and leave the index")

            // Vectors are little-endian float32 blobs whose length matches the dimension.
            let stored = try await db.transaction(.tenant(Tenants.a)) { c in
                try Self.insertMemory(c, id: "mem_2")
                try Self.insertChunk(c, id: "chk_3", memoryID: "mem_2", index: 0, content: "v", embedding: .blob(Self.vector([0.5, -2])), dimension: 2)
                return try c.queryFirst("SELECT embedding FROM memory_chunks WHERE id = 'chk_3'")!["embedding"].data
            }
            #expect(stored == Self.vector([0.5, -2]))
            await expectStoreError(.invalidInput) {
                try await db.transaction(.tenant(Tenants.a)) { c in
                    try Self.insertChunk(c, id: "chk_4", memoryID: "mem_2", index: 1, content: "v", embedding: .blob(Self.vector([1])), dimension: 2)
                }
            }
        }
    }

    @Test(arguments: Backend.postgresOnly)
    func postgresFullTextAndTheHNSWIndexForDimension256Work(_ backend: Backend) async throws {
        try await withDatabase(backend) { db in
            @Sendable func text(_ values: [Float]) -> String { "[" + values.map { "\($0)" }.joined(separator: ",") + "]" }
            let axis: @Sendable (Int) -> [Float] = { i in (0..<256).map { $0 == i ? 1 : 0.01 } }
            try await db.transaction(.tenant(Tenants.a)) { c in
                try Self.insertMemory(c, id: "mem_1")
                for i in 0..<20 {
                    try Self.insertChunk(c, id: "chk_\(i)", memoryID: "mem_1", index: i, content: "chunk number \(i) about topic\(i % 3)",
                                         embedding: .text(text(axis(i))), dimension: 256)
                }
            }
            let nearest = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try c.query(
                    """
                    SELECT id FROM memory_chunks WHERE dimension = 256
                    ORDER BY embedding::vector(256) <=> $1::vector(256) LIMIT 3
                    """, [.text(text(axis(7)))]
                ).map { try $0.string("id") }
            }
            #expect(nearest.first == "chk_7")
            let plan = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try c.execute("SET LOCAL enable_seqscan = off")
                return try c.query(
                    "EXPLAIN SELECT id FROM memory_chunks WHERE dimension = 256 ORDER BY embedding::vector(256) <=> $1::vector(256) LIMIT 3",
                    [.text(text(axis(1)))]
                ).map { try $0.string("QUERY PLAN") }.joined(separator: "\n")
            }
            #expect(plan.contains("memory_chunks_embedding_256"), "\(plan)")
            let matched = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try c.query(
                    """
                    SELECT id FROM memory_chunks WHERE search_tsv @@ websearch_to_tsquery('simple', $1)
                    ORDER BY ts_rank_cd(search_tsv, websearch_to_tsquery('simple', $1)) DESC, id
                    """, [.text("topic1 number")]
                ).map { try $0.string("id") }
            }
            #expect(Set(matched) == ["chk_1", "chk_4", "chk_7", "chk_10", "chk_13", "chk_16", "chk_19"])
            await expectStoreError(.invalidInput) {
                try await db.transaction(.tenant(Tenants.a)) { c in
                    try Self.insertChunk(c, id: "chk_bad", memoryID: "mem_1", index: 99, content: "x", embedding: .text("[1,2]"), dimension: 3)
                }
            }
        }
    }
}
