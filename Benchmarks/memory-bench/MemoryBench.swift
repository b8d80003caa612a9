import Foundation
import Memory
import JSON
import Store

/// memory-bench: archival memory at 100k chunks on SQLite and PostgreSQL.
///
///     swift build -c release -j 1 --product memory-bench
///     .build/release/memory-bench [--sqlite] [--postgres URL] [--chunks 100000] [--queries 200] [--k 10]
///
/// Generates embedding-like data (see `Corpus`), writes it through
/// `MemoryStore` in batches, then times `search` in each mode and measures
/// the PostgreSQL HNSW index's recall@10 against an exact scan. On
/// PostgreSQL the HNSW index is dropped for the bulk load and rebuilt after
/// it with `maintenance_work_mem = 1GB` (both timed), then a further 2,000
/// chunks are written with the index in place.
@main
struct MemoryBench {
    struct Options {
        var sqlite = false
        var postgresURL: String?
        var chunks = 100_000
        var queries = 200
        var k = 10
        var batch = 500
        /// Keep the SQLite file here instead of a temporary directory.
        var keep: String?
    }

    static func main() async {
        do {
            let options = try parse(Array(CommandLine.arguments.dropFirst()))
            let started = ContinuousClock.now
            let corpus = Corpus(count: options.chunks + 2000, queries: options.queries)
            report("generated \(corpus.texts.count) chunks and \(corpus.queryTexts.count) queries in \(ms(ContinuousClock.now - started)) ms")
            if options.sqlite {
                let dir = options.keep.map { URL(fileURLWithPath: $0) }
                    ?? FileManager.default.temporaryDirectory.appendingPathComponent("oi-memory-bench-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                defer { if options.keep == nil { try? FileManager.default.removeItem(at: dir) } }
                try await run("sqlite", .sqlite(path: dir.appendingPathComponent("bench.sqlite").path), corpus: corpus, options: options)
            }
            if let url = options.postgresURL {
                try await run("postgres", .postgres(url: url), corpus: corpus, options: options)
            }
        } catch {
            FileHandle.standardError.write(Data("memory-bench: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(_ label: String, _ configuration: StoreConfiguration, corpus: Corpus, options: Options) async throws {
        let db = try await Database.open(configuration)
        let memory = MemoryService(database: db, embedder: HashEmbedder(dimension: Corpus.dimension))
        let scope = try Scope(orgID: "bench_\(UUID().uuidString.prefix(8).lowercased())", userID: "bench", projectID: "memory")
        let postgres = db.sql as? PostgresDatabase
        let index = "memory_chunks_embedding_256"
        if let postgres { try await postgres.maintenance("DROP INDEX IF EXISTS \(index)") }

        // Bulk load.
        var ids: [String] = []
        ids.reserveCapacity(options.chunks)
        let loadStart = ContinuousClock.now
        var start = 0
        while start < options.chunks {
            let end = min(start + options.batch, options.chunks)
            let batch = (start..<end).map { NewMemory(tier: .archival, content: corpus.texts[$0], embedding: corpus.vectors[$0]) }
            ids += try await memory.store.write(batch, in: scope).map(\.id)
            start = end
        }
        let loadSeconds = seconds(ContinuousClock.now - loadStart)
        report("\(label): wrote \(options.chunks) chunks in \(fmt(loadSeconds)) s = \(Int(Double(options.chunks) / loadSeconds)) chunks/s (batches of \(options.batch)\(postgres == nil ? "" : ", HNSW index dropped"))")
        if let postgres {
            let t = ContinuousClock.now
            try await postgres.maintenance("""
                BEGIN;
                SET LOCAL maintenance_work_mem = '1GB';
                CREATE INDEX \(index) ON memory_chunks USING hnsw ((embedding::vector(256)) vector_cosine_ops) WHERE dimension = 256;
                COMMIT;
                ANALYZE memory_chunks;
                ANALYZE memories;
                """)
            report("\(label): built the HNSW index in \(fmt(seconds(ContinuousClock.now - t))) s")
        }
        let more = (options.chunks..<(options.chunks + 2000)).map { NewMemory(tier: .archival, content: corpus.texts[$0], embedding: corpus.vectors[$0]) }
        let incremental = ContinuousClock.now
        for slice in stride(from: 0, to: more.count, by: 100) {
            ids += try await memory.store.write(Array(more[slice..<min(slice + 100, more.count)]), in: scope).map(\.id)
        }
        report("\(label): then 2000 chunks with every index in place: \(Int(2000 / seconds(ContinuousClock.now - incremental))) chunks/s (batches of 100)")

        // Warm up (the SQLite vector index loads its partition on first use).
        let warm = ContinuousClock.now
        _ = try await memory.search(SearchRequest(query: corpus.queryTexts[0], k: options.k, mode: .vector, vector: corpus.queryVectors[0]), in: scope)
        report("\(label): first vector search (cold) \(ms(ContinuousClock.now - warm)) ms")

        var vectorHits: [[Int]] = []
        let position = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        for mode in [SearchRequest.Mode.hybrid, .text, .vector] {
            var latencies: [Double] = []
            for (q, text) in corpus.queryTexts.enumerated() {
                let t = ContinuousClock.now
                let result = try await memory.search(SearchRequest(query: text, k: options.k, mode: mode, vector: corpus.queryVectors[q]), in: scope)
                latencies.append(seconds(ContinuousClock.now - t) * 1000)
                if mode == .vector {
                    vectorHits.append(result.hits.compactMap { position[$0.memoryID] })
                }
            }
            latencies.sort()
            report("\(label): search \(mode.rawValue) k=\(options.k): p50 \(fmt(percentile(latencies, 0.5))) ms, p95 \(fmt(percentile(latencies, 0.95))) ms, max \(fmt(latencies.last ?? 0)) ms")
        }
        // Recall@k of the vector component against an exact scan of the same vectors.
        let total = options.chunks + 2000
        var recall = 0.0
        for (q, hits) in vectorHits.enumerated() {
            let exact = corpus.exactTop(corpus.queryVectors[q], k: options.k, count: total)
            recall += Double(Set(hits.prefix(options.k)).intersection(exact).count) / Double(options.k)
        }
        report("\(label): vector recall@\(options.k) vs exact: \(fmt(recall / Double(vectorHits.count), 3))\(postgres == nil ? " (exact scan)" : " (HNSW, ef_search 100)")")

        if options.keep == nil {
            try await db.transaction(.tenant(scope)) { c in
                try c.execute("DELETE FROM memories WHERE org_id = $1", [.text(scope.orgID)])
            }
        }
        await db.close()
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw StoreError(.invalidInput, "\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--sqlite": options.sqlite = true
            case "--postgres": options.postgresURL = try value()
            case "--chunks": options.chunks = Int(try value()) ?? options.chunks
            case "--queries": options.queries = Int(try value()) ?? options.queries
            case "--k": options.k = Int(try value()) ?? options.k
            case "--batch": options.batch = Int(try value()) ?? options.batch
            case "--keep": options.keep = try value()
            default: throw StoreError(.invalidInput, "unknown option \(arguments[i]); see Benchmarks/memory-bench/MemoryBench.swift")
            }
            i += 1
        }
        if !options.sqlite && options.postgresURL == nil { options.sqlite = true }
        return options
    }

    static func report(_ line: String) { print(line) }
    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    static func ms(_ d: Duration) -> Int { Int(seconds(d) * 1000) }
    static func fmt(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}
