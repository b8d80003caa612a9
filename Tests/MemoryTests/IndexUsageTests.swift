import Foundation
import Testing
@testable import Memory
import Store

/// On PostgreSQL the vector query is served by the partial HNSW index and the
/// full-text query by the GIN index, even under row-level security.
@Suite struct IndexUsageTests {
    @Test(arguments: MemoryBackend.postgresOnly)
    func searchesUseTheHNSWAndGINIndexes(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            for i in 0..<20 { _ = try await memory.write(NewMemory(tier: .archival, content: "document \(i) about the garden"), in: Tenants.a) }
            let filter = ChunkFilter(scope: Tenants.a, tiers: MemoryTier.allCases, filters: SearchFilters(roleID: "role_x"))
            let vector = HashEmbedder().vector("garden")
            let plans = try await db.transaction(.tenant(Tenants.a), .read) { c in
                try c.execute("SET LOCAL enable_seqscan = off")
                try PostgresVectorSearch.configure(efSearch: 100, in: c)
                let explain: (SQL) throws -> String = { sql in
                    try c.query("EXPLAIN \(sql)").map { try $0.string("QUERY PLAN") }.joined(separator: "\n")
                }
                let vectorPlan = try explain(PostgresVectorSearch.statement(vector, embedder: "hash-v1", filter: filter, limit: 10))
                // Under row-level security an index may serve only a leakproof
                // operator (migration 5 marks `@@` so). With sequential and plain
                // index scans off, the tsvector match alone must become a GIN bitmap scan.
                try c.execute("SET LOCAL enable_indexscan = off")
                let textPlan = try explain("SELECT id FROM memory_chunks c WHERE c.search_tsv @@ websearch_to_tsquery('simple', \(.text("garden")))")
                return (vectorPlan, textPlan)
            }
            #expect(plans.0.contains("memory_chunks_embedding_256"), "\(plans.0)")
            #expect(plans.1.contains("memory_chunks_fts"), "\(plans.1)")
        }
    }
}
