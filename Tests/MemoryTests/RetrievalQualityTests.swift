import Foundation
import Testing
@testable import Memory
import Store

/// Retrieval quality on the shipped labelled set: hybrid retrieval finds
/// more of the relevant documents than either signal alone, and both
/// backends return the same top five for every query.
@Suite(.serialized) struct RetrievalQualityTests {
    static let set = RetrievalSet.shared

    @Test func theLabelledSetIsBigEnough() {
        #expect(Self.set.documents.count >= 200)
        #expect(Self.set.queries.count >= 30)
        let ids = Set(Self.set.documents.map(\.id))
        #expect(Self.set.queries.allSatisfy { !$0.relevant.isEmpty && $0.relevant.allSatisfy(ids.contains) })
    }

    @Test(arguments: MemoryBackend.all)
    func hybridBeatsTextOnlyAndVectorOnlyOnRecallAt5(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let ids = try await Self.set.load(into: memory, scope: Tenants.a)
            let hybrid = try await Self.set.evaluate(memory, scope: Tenants.a, mode: .hybrid, k: 5, ids: ids)
            let text = try await Self.set.evaluate(memory, scope: Tenants.a, mode: .text, k: 5, ids: ids)
            let vector = try await Self.set.evaluate(memory, scope: Tenants.a, mode: .vector, k: 5, ids: ids)
            print("recall@5 on \(backend): hybrid \(hybrid.recall), text \(text.recall), vector \(vector.recall)")
            if ProcessInfo.processInfo.environment["OI_RETRIEVAL_DEBUG"] != nil {
                for q in Self.set.queries {
                    print(q.id, q.relevant, "H", hybrid.top[q.id] ?? [], "T", text.top[q.id] ?? [], "V", vector.top[q.id] ?? [])
                }
                for q in Self.set.queries.prefix(3) {
                    for mode in [SearchRequest.Mode.text, .vector] {
                        let r = try await memory.search(SearchRequest(query: q.query, k: 8, mode: mode), in: Tenants.a)
                        print(q.id, mode, r.hits.map { "\(ids[$0.memoryID] ?? "?"):\(mode == .text ? $0.text?.score ?? 0 : $0.vector?.score ?? 0)" })
                    }
                }
            }
            #expect(hybrid.recall > text.recall)
            #expect(hybrid.recall > vector.recall)
        }
    }
}

extension RetrievalQualityTests {
    @Test(arguments: MemoryBackend.postgresOnly)
    func bothBackendsReturnTheSameTopFiveForEveryQuery(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(.sqlite) { lite in
            try await withMemoryDatabase(.postgres) { pg in
                let a = MemoryService(database: lite, embedder: HashEmbedder())
                let b = MemoryService(database: pg, embedder: HashEmbedder())
                let idsA = try await Self.set.load(into: a, scope: Tenants.a)
                let idsB = try await Self.set.load(into: b, scope: Tenants.a)
                for mode in SearchRequest.Mode.allCases {
                    let left = try await Self.set.evaluate(a, scope: Tenants.a, mode: mode, k: 5, ids: idsA)
                    let right = try await Self.set.evaluate(b, scope: Tenants.a, mode: mode, k: 5, ids: idsB)
                    for q in Self.set.queries {
                        #expect(left.top[q.id] == right.top[q.id], "\(mode) \(q.id): sqlite \(left.top[q.id] ?? []) postgres \(right.top[q.id] ?? [])")
                    }
                    #expect(left.recall == right.recall)
                }
            }
        }
    }
}
