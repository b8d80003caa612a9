import Foundation
import JSON
import Testing
@testable import Memory
import Store

@Suite struct RunMemoryTests {
    static func transcript(_ runID: String = "run_1") -> RunTranscript {
        RunTranscript(
            runID: runID, sessionKey: "s_default", input: "Write the release notes for version 2.4 and save them",
            output: "I wrote the release notes for version 2.4 to notes/2.4.md. They cover the new search API. Nothing else changed.",
            status: "completed", steps: 3,
            tools: [
                .init(name: "file_write", arguments: ["path": "notes/2.4.md", "content": "…"], result: #"{"bytes_written":120}"#, isError: false),
                .init(name: "memory_search", arguments: ["query": "release 2.4"], result: #"{"error":"nothing"}"#, isError: true),
            ])
    }

    @Test func theSummaryKeepsTaskToolsAndOutcome() {
        let summary = RunSummarizer.summary(of: Self.transcript())
        #expect(summary.tier == .episodic)
        #expect(summary.sourceType == "run_summary")
        #expect(summary.sourceKey == "run_1")
        #expect(summary.content.contains("Task: Write the release notes for version 2.4"))
        #expect(summary.content.contains("file_write(path: notes/2.4.md)"))
        #expect(summary.content.contains("memory_search(query: release 2.4) → error: nothing"))
        #expect(summary.content.contains("Outcome: I wrote the release notes"))
        #expect(summary.metadata?["run_id"] == "run_1")
        #expect(summary.metadata?["tools"] == ["file_write", "memory_search"])
        let long = RunSummarizer.extract((1...60).map { "Filler sentence \($0) about nothing." }.joined(separator: " ") + " The release notes cover search.",
                                         focus: "release notes", limit: 200)
        #expect(long.hasPrefix("Filler sentence 1 about nothing."))
        #expect(long.contains("The release notes cover search."))
        #expect(long.count <= 200)
    }

    @Test(arguments: MemoryBackend.all)
    func recordingARunStoresOneSummaryAndPromotesItsDurableFacts(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let durable = try await memory.write(NewMemory(tier: .episodic, content: "The staging database is db-stage-2.",
                                                           metadata: ["run_id": "run_1", "durable": true]), in: Tenants.a)
            let passing = try await memory.write(NewMemory(tier: .episodic, content: "I looked at the logs.", metadata: ["run_id": "run_1"]), in: Tenants.a)
            let first = try await memory.recordRun(Self.transcript(), in: Tenants.a)
            #expect(first.promoted == [durable.id])
            // A resumed run records again: still one summary.
            let second = try await memory.recordRun(Self.transcript(), in: Tenants.a)
            #expect(second.promoted.isEmpty)
            let summaries = try await memory.list(in: Tenants.a, tier: .episodic).items.filter { $0.sourceType == "run_summary" }
            #expect(summaries.map(\.id) == [second.summary.id])
            let promoted = try await memory.get(durable.id, in: Tenants.aOtherUser)
            #expect(promoted.tier == .archival, "promoted facts are shared with the project")
            #expect(promoted.metadata["promoted_from"] == "episodic")
            await #expect(throws: MemoryError.self) { try await memory.get(passing.id, in: Tenants.aOtherUser) }
            let hits = try await memory.search(SearchRequest(query: "staging database", tiers: [.archival], mode: .text), in: Tenants.aOtherUser).hits
            #expect(hits.map(\.memoryID) == [durable.id], "its chunks moved tier too")
            let found = try await memory.search(SearchRequest(query: "release notes 2.4", k: 1), in: Tenants.a).hits
            #expect(found.first?.memoryID == second.summary.id)
        }
    }

    @Test(arguments: MemoryBackend.all)
    func reembeddingSwitchesEveryChunkToTheNewEmbedder(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let small = MemoryService(database: db, embedder: HashEmbedder(dimension: 64))
            for i in 0..<30 { _ = try await small.write(NewMemory(tier: .archival, content: "document \(i) about cluster upgrades"), in: Tenants.a) }
            _ = try await small.write(NewMemory(tier: .episodic, content: "private to b"), in: Tenants.aOtherUser)
            let big = MemoryService(database: db, embedder: HashEmbedder(dimension: 256))
            #expect(try await big.search(SearchRequest(query: "cluster upgrades", mode: .vector), in: Tenants.a).hits.isEmpty,
                    "vectors of another embedder are never compared")
            let report = try await big.reembedder().run(scope: Tenants.a, batchSize: 7)
            #expect(report.updated == 30)
            #expect(try await big.search(SearchRequest(query: "cluster upgrades", k: 5, mode: .vector), in: Tenants.a).hits.count == 5)
            #expect(try await big.reembedder().run(scope: Tenants.a).updated == 0, "nothing left to do")
            #expect(try await big.reembedder().run(scope: nil).updated == 1, "all tenants: the other user's chunk")
        }
    }

    @Test(arguments: [MemoryBackend.sqlite])
    func theSQLiteVectorIndexFollowsInsertsUpdatesAndDeletes(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            let search: @Sendable () async throws -> [String] = {
                try await memory.search(SearchRequest(query: "garden tomatoes", k: 10, mode: .vector), in: Tenants.a).hits.map(\.memoryID)
            }
            let a = try await memory.write(NewMemory(tier: .archival, content: "growing garden tomatoes"), in: Tenants.a).id
            #expect(try await search() == [a])
            let b = try await memory.write(NewMemory(tier: .archival, content: "tomatoes in the garden again"), in: Tenants.a).id
            #expect(Set(try await search()) == [a, b], "new rows are appended")
            try await memory.delete(a, in: Tenants.a)
            #expect(try await search() == [b], "a delete reloads the partition")
            // Another process (here: plain SQL) changing rows is seen too.
            try await db.transaction(.tenant(Tenants.a)) { c in try c.execute("DELETE FROM memories WHERE id = $1", [.text(b)]) }
            #expect(try await search().isEmpty)
        }
    }
}
