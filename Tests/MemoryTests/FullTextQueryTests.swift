import Foundation
import Testing
@testable import Memory
import Store

@Suite struct FullTextQueryTests {
    @Test func termsAreLowercasedWordsWithoutStopWords() {
        let q = FullTextQuery("How do I Rotate the API-keys of payments.example.com?")
        #expect(q.terms == ["rotate", "api", "keys", "payments", "example", "com"])
        #expect(q.fts5 == #""rotate" OR "api" OR "keys" OR "payments" OR "example" OR "com""#)
        #expect(q.websearch == #""rotate" or "api" or "keys" or "payments" or "example" or "com""#)
        #expect(FullTextQuery("the of and").terms == ["the", "of", "and"], "a query of stop words only still searches")
        #expect(FullTextQuery("!!! ??? ...").isEmpty)
        #expect(FullTextQuery("机器学习 模型").terms == ["机器学习", "模型"])
    }

    static let hostile = [
        #"""#, #""unbalanced"#, "NEAR(a b", "a AND OR NOT b", "*", "col:value", "^start", "-x", "(((", "a'b", #"\"#,
        "memory_chunks_fts MATCH 'x'", "'; DROP TABLE memories; --", "{a b}", "a + b", "NOT", "OR OR OR", "😀 emoji 🚀",
        String(repeating: "x", count: 3000), String(repeating: "a ", count: 2000), "\u{202E}rtl", "tab\tnew\nline",
    ]

    @Test(arguments: MemoryBackend.all)
    func noQueryCanInjectFullTextSyntaxOrCrash(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            _ = try await memory.write(NewMemory(tier: .archival, content: "NEAR and NOT are words here; so is col and value and x."), in: Tenants.a)
            for query in Self.hostile {
                for mode in SearchRequest.Mode.allCases {
                    _ = try await memory.search(SearchRequest(query: query, k: 5, mode: mode), in: Tenants.a)
                }
            }
            let hits = try await memory.search(SearchRequest(query: "NEAR(col:value", mode: .text), in: Tenants.a).hits
            #expect(hits.count == 1, "operators are searched as the words they are")
        }
    }

    @Test func thePairsQueryAsksForAnyTwoTerms() {
        #expect(FullTextQuery("rotate keys quarterly").websearchPairs == #""rotate" "keys" or "rotate" "quarterly" or "keys" "quarterly""#)
        #expect(FullTextQuery("rotate").websearchPairs == nil)
        let many = (1...13).map { "word\($0)" }.joined(separator: " ")
        #expect(FullTextQuery(many).websearchPairs == nil, "beyond \(FullTextQuery.maxPairTerms) terms the square grows too fast")
    }

    /// More matches than the pool holds: both backends keep the chunks that
    /// hold more of the terms (PostgreSQL narrows to chunks with two terms);
    /// when every match fits, the pool is every match.
    @Test(arguments: MemoryBackend.all)
    func aPoolTooSmallForEveryMatchKeepsTheChunksWithMoreTerms(_ backend: MemoryBackend) async throws {
        try await withMemoryDatabase(backend) { db in
            let memory = MemoryService(database: db, embedder: HashEmbedder())
            var both: Set<String> = []
            for i in 0..<10 {
                _ = try await memory.write(NewMemory(tier: .archival, content: "Note \(i) about alpha and some filler words here."), in: Tenants.a)
                _ = try await memory.write(NewMemory(tier: .archival, content: "Note \(i) about beta and other filler words there."), in: Tenants.a)
            }
            for i in 0..<4 {
                both.insert(try await memory.write(NewMemory(tier: .archival, content: "Entry \(i): alpha meets beta."), in: Tenants.a).id)
            }
            let query = FullTextQuery("alpha beta")
            let filter = ChunkFilter(scope: Tenants.a, tiers: MemoryTier.allCases, filters: SearchFilters())
            for (limit, expected) in [(6, 4...6), (20, 20...20), (30, 24...24)] {
                let pool = try await db.transaction(.tenant(Tenants.a), .read) { c in try TextSearch.pool(query, filter: filter, limit: limit, in: c) }
                #expect(expected.contains(pool.count), "limit \(limit): \(pool.count)")
                #expect(both.isSubset(of: Set(pool.map(\.memoryID))), "limit \(limit)")
            }
        }
    }
}

@Suite struct TextTokenizerTests {
    @Test func wordsAreLowercasedLetterAndDigitRuns() {
        #expect(TextTokenizer.words("HelloWorld, it's v1.2.3 — e-mail@Example.COM!") == ["helloworld", "it", "s", "v1", "2", "3", "e", "mail", "example", "com"])
        #expect(TextTokenizer.words("ÉCOLE Straße naïve café") == ["école", "straße", "naïve", "café"])
        #expect(TextTokenizer.words("机器学习，模型 test") == ["机器学习", "模型", "test"])
        #expect(TextTokenizer.words("x_y\tz\n①②") == ["x", "y", "z", "①②"])
        #expect(TextTokenizer.words("") == [])
        #expect(TextTokenizer.words("😀 emoji🚀ok") == ["emoji", "ok"])
        // The byte path and the String path agree on every word.
        let text = "Mixed CASE words, Ünïcode, 数据库 and 123abc."
        var viaBytes: [String] = []
        TextTokenizer.forEachWordBytes(text) { viaBytes.append(String(decoding: $0, as: UTF8.self)) }
        #expect(viaBytes == TextTokenizer.words(text))
    }
}
