import Foundation
import JSON
import Testing
@testable import Memory
import Store

/// An embedder that fails, to prove a failed write leaves nothing behind.
struct FailingEmbedder: Embedder {
    let name = "failing"
    let dimension = 256
    func embed(_ texts: [String]) async throws -> [[Float]] { throw MemoryError(.embedderFailed, "the embeddings server is down") }
}

@Suite struct MemoryStoreTests {
    @Test(arguments: MemoryBackend.all)
    func writeGetListAndDeleteRoundTrip(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let doc = String(repeating: "## Part\n\n" + String(repeating: "Words about the storage cluster and its disks. ", count: 40) + "\n\n", count: 3)
            let item = try await memory.write(NewMemory(tier: .archival, content: doc, title: "Storage", uri: "file:///storage.md",
                                                        metadata: ["team": "ops", "n": 3], importance: 0.8), in: Tenants.a)
            #expect(item.chunkCount > 3)
            let got = try await memory.get(item.id, in: Tenants.a)
            #expect(got.text == doc)
            #expect(got.title == "Storage")
            #expect(got.uri == "file:///storage.md")
            #expect(got.metadata == ["team": "ops", "n": 3])
            #expect(got.importance == 0.8)
            #expect(got.chunkCount == item.chunkCount)
            #expect(got.createdAt == item.createdAt)

            for i in 0..<5 { _ = try await memory.write(NewMemory(tier: .episodic, content: "note \(i)"), in: Tenants.a) }
            let first = try await memory.list(in: Tenants.a, tier: .episodic, limit: 3)
            #expect(first.items.map(\.text) == ["note 4", "note 3", "note 2"])
            let second = try await memory.list(in: Tenants.a, tier: .episodic, limit: 3, cursor: first.next)
            #expect(second.items.map(\.text) == ["note 1", "note 0"])
            #expect(second.next == nil)
            await #expect(throws: MemoryError.self) { try await memory.list(in: Tenants.a, cursor: "nonsense") }

            try await memory.delete(item.id, in: Tenants.a)
            await #expect(throws: MemoryError.self) { try await memory.get(item.id, in: Tenants.a) }
            await #expect(throws: MemoryError.self) { try await memory.delete(item.id, in: Tenants.a) }
            #expect(try await rowCount(db, "memory_chunks") == 5, "the document's chunks went with it")
        }
    }

    @Test(arguments: MemoryBackend.all)
    func badInputIsRefusedWithItsFieldAndWritesNothing(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let cases: [(NewMemory, String)] = [
                (NewMemory(tier: .archival, content: "   \n "), "content"),
                (NewMemory(tier: .archival, content: String(repeating: "é", count: 500_001)), "content"),
                (NewMemory(tier: .archival, content: "ok", sourceType: "bad\u{0}type", sourceKey: "k"), "source_type"),
                (NewMemory(tier: .archival, content: "ok", metadata: ["a", "b"]), "metadata"),
                (NewMemory(tier: .archival, content: "ok", importance: 1.5), "importance"),
                (NewMemory(tier: .archival, content: "ok", roleID: "role with spaces"), "role_id"),
                (NewMemory(tier: .archival, content: "ok", embedding: [1, 2, 3]), "embedding"),
                (NewMemory(tier: .archival, content: String(repeating: "long text here. ", count: 500), embedding: Array(repeating: 0.1, count: 256)), "embedding"),
            ]
            for (new, field) in cases {
                let error = await #expect(throws: MemoryError.self) { try await memory.write(new, in: Tenants.a) }
                #expect(error?.field == field, "\(error?.message ?? "")")
            }
            // A batch with one bad memory writes none of them.
            await #expect(throws: MemoryError.self) {
                try await memory.store.write([NewMemory(tier: .archival, content: "fine"), NewMemory(tier: .archival, content: "")], in: Tenants.a)
            }
            let failing = MemoryService(database: db, embedder: FailingEmbedder())
            await #expect(throws: MemoryError.self) { try await failing.write(NewMemory(tier: .archival, content: "fine"), in: Tenants.a) }
            let memories = try await rowCount(db, "memories")
            let chunks = try await rowCount(db, "memory_chunks")
            #expect(memories == 0)
            #expect(chunks == 0)
        }
    }

    @Test(arguments: MemoryBackend.all)
    func aWriteWithTheSameSourceReplacesTheFirst(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let first = try await memory.write(NewMemory(tier: .archival, content: "version one", sourceType: "file", sourceKey: "a.md"), in: Tenants.a)
            let second = try await memory.write(NewMemory(tier: .archival, content: "version two", sourceType: "file", sourceKey: "a.md"), in: Tenants.a)
            await #expect(throws: MemoryError.self) { try await memory.get(first.id, in: Tenants.a) }
            #expect(try await memory.get(second.id, in: Tenants.a).text == "version two")
            #expect(try await rowCount(db, "memories") == 1)
            #expect(try await rowCount(db, "memory_chunks") == 1)
        }
    }

    @Test(arguments: MemoryBackend.all)
    func anExplicitEmbeddingIsStoredAndFoundByVector(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let axis = (0..<256).map { Float($0 == 7 ? 1 : 0) }
            let item = try await memory.write(NewMemory(tier: .archival, content: "opaque", embedding: axis), in: Tenants.a)
            _ = try await memory.write(NewMemory(tier: .archival, content: "something else entirely"), in: Tenants.a)
            let hits = try await memory.search(SearchRequest(query: "anything", mode: .vector, vector: axis), in: Tenants.a).hits
            #expect(hits.first?.memoryID == item.id)
            #expect(abs((hits.first?.vector?.score ?? 0) - 1) < 1e-5)
            let error = await #expect(throws: MemoryError.self) {
                try await memory.search(SearchRequest(query: "x", vector: [1, 2]), in: Tenants.a)
            }
            #expect(error?.field == "vector")
        }
    }
}
