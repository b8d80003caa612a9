import Foundation
import RPC
import Testing
@testable import Store

/// The memory methods over the real pipe, on both backends: a round trip
/// whose results match the published schemas, bad input answered with
/// -32602 and `data.path` (and nothing written), and tenant isolation.
@Suite struct MemoryRPCTests {
    static let guide = """
    # Deploy guide

    ## Staging

    Run the pipeline, then watch the staging dashboards for ten minutes.

    ## Production

    Ask the release manager for approval. Roll back by redeploying the previous tag.
    """

    @Test(arguments: TestBackend.all)
    func writeSearchGetListDeleteAndCoreBlocksRoundTrip(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let written = try await host.result("memory/write", ["tier": "archival", "title": "Deploy guide", "content": .string(Self.guide),
                                                                 "uri": "file:///docs/deploy.md", "metadata": ["team": "platform"], "importance": 0.9])
            #expect(try SchemaFiles.failures(of: written, method: "memory/write").isEmpty)
            #expect(written["chunk_count"] == 2)
            let id = try #require(written["id"]?.stringValue)
            let note = try await host.result("memory/write", ["tier": "episodic", "content": "The user wants rollbacks announced in #ops."])

            for mode in ["hybrid", "text", "vector"] {
                let found = try await host.result("memory/search", ["query": "how do I roll back production", "k": 5, "mode": .string(mode)])
                #expect(try SchemaFiles.failures(of: found, method: "memory/search").isEmpty, "\(mode)")
                let top = try #require(found["hits"]?.arrayValue?.first)
                #expect(top["memory_id"]?.stringValue == id, "\(mode): \(found)")
                #expect(top["title"] == "Deploy guide")
                #expect(top["chunk_index"] == 1, "the Production section")
                #expect(top["snippet"]?.stringValue?.contains("Roll back") == true)
                #expect((top["components"]?["text"] != nil) == (mode != "vector"))
                #expect((top["components"]?["vector"] != nil) == (mode != "text"))
            }
            let filtered = try await host.result("memory/search", ["query": "rollbacks", "tiers": ["episodic"], "filters": ["metadata": ["team": "platform"]]])
            #expect(filtered["hits"] == .array([]))

            let got = try await host.result("memory/get", ["id": .string(id)])
            #expect(try SchemaFiles.failures(of: got, method: "memory/get").isEmpty)
            #expect(got["text"]?.stringValue == Self.guide)
            #expect(got["metadata"] == ["team": "platform"])
            let page = try await host.result("memory/list", ["limit": 1])
            #expect(try SchemaFiles.failures(of: page, method: "memory/list").isEmpty)
            #expect(page["memories"]?.arrayValue?.first?["id"] == note["id"])
            let rest = try await host.result("memory/list", ["limit": 1, "cursor": try #require(page["next_cursor"])])
            #expect(rest["memories"]?.arrayValue?.first?["id"]?.stringValue == id)

            let block = try await host.result("memory/core/set", ["label": "human", "content": "Name: Ada. Prefers short answers."])
            #expect(try SchemaFiles.failures(of: block, method: "memory/core/set").isEmpty)
            let blocks = try await host.result("memory/core/get", [:])
            #expect(try SchemaFiles.failures(of: blocks, method: "memory/core/get").isEmpty)
            #expect(blocks["blocks"]?.arrayValue?.map { $0["label"] } == ["human"])

            let deleted = try await host.result("memory/delete", ["id": .string(id)])
            #expect(try SchemaFiles.failures(of: deleted, method: "memory/delete").isEmpty)
            let gone = await host.call("memory/get", ["id": .string(id)])
            #expect(gone?["error"]?["code"] == .int(-32001))
            #expect(host.violations.isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func embeddingAlphaWeighsTheVectorAgainstTheTextRanking(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let notes = [
                "Roll back production by redeploying the previous tag.",
                "Production deploys need an approval; roll back fast when alerts fire.",
                "Rollback drills happen every quarter in staging, never in production.",
                "The previous release tag is kept for a production rollback.",
                "Back up the database before you roll anything into production.",
                "Deploy, roll, back, production: words without the procedure.",
            ]
            let query: JSONValue = "how do I roll back production"
            func order(_ host: HostProcess, _ mode: String) async throws -> [JSONValue] {
                try await host.result("memory/search", ["query": query, "k": 10, "mode": .string(mode)])["hits"]?.arrayValue ?? []
            }
            /// The fused score a hit should have: Σ weight / (60 + rank) over the components that found it.
            func rrf(_ hit: JSONValue, text: Double, vector: Double) -> Double {
                var score = 0.0
                if let rank = hit["components"]?["text"]?["rank"]?.doubleValue { score += text / (60 + rank) }
                if let rank = hit["components"]?["vector"]?["rank"]?.doubleValue { score += vector / (60 + rank) }
                return score
            }
            let first = try await HostProcess.started(storage)
            for note in notes { _ = try await first.result("memory/write", ["tier": "archival", "content": .string(note)]) }
            let text = try await order(first, "text").map { $0["memory_id"] }
            let vector = try await order(first, "vector").map { $0["memory_id"] }
            #expect(text.count == notes.count && Set(vector) == Set(text))
            #expect(text != vector, "the two components must disagree for this test to mean anything")
            // The default, 0.5, is plain RRF at its usual scale.
            for hit in try await order(first, "hybrid") {
                #expect(abs((hit["score"]?.doubleValue ?? 0) - rrf(hit, text: 1, vector: 1)) < 1e-4)
            }
            first.stop()

            for (alpha, expected, weights) in [("1", vector, (0.0, 2.0)), ("0", text, (2.0, 0.0))] {
                let host = try await HostProcess.started(storage, environment: ["EMBEDDING_ALPHA": alpha])
                let hybrid = try await order(host, "hybrid")
                #expect(hybrid.map { $0["memory_id"] } == expected, "alpha \(alpha)")
                for hit in hybrid {
                    #expect(abs((hit["score"]?.doubleValue ?? 0) - rrf(hit, text: weights.0, vector: weights.1)) < 1e-4)
                }
                host.stop()
            }
            let refused = try await CLIProcess.run(["doctor"], env: ["EMBEDDING_ALPHA": "1.5", "OI_CONFIG": "/none.json"])
            #expect(refused.status == 1 && refused.stdout.contains("embedding.alpha"))
        }
    }

    @Test(arguments: TestBackend.all)
    func badInputIsInvalidParamsWithAPathAndLeavesNoRows(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let cases: [(String, JSONValue, String)] = [
                ("memory/search", ["query": ""], "params.query"),
                ("memory/search", ["query": "   \n "], "params.query"),
                ("memory/search", ["query": "x", "k": 0], "params.k"),
                ("memory/search", ["query": "x", "k": 1_000_000], "params.k"),
                ("memory/search", ["query": "x", "vector": [0.1, 0.2, 0.3]], "params.vector"),
                ("memory/search", ["query": "x", "mode": "fuzzy"], "params.mode"),
                ("memory/search", ["query": "x", "filters": ["metadata": ["a": ["b": 1]]]], "params.filters.metadata.a"),
                ("memory/search", ["query": "x", "filters": ["created_from": "yesterday"]], "params.filters.created_from"),
                ("memory/write", ["tier": "archival", "content": "   "], "params.content"),
                ("memory/write", ["tier": "archival", "content": "fine", "embedding": [1, 2, 3]], "params.embedding"),
                ("memory/write", ["tier": "semantic", "content": "fine"], "params.tier"),
                ("memory/write", ["tier": "archival", "content": "fine", "metadata": ["not", "an", "object"]], "params.metadata"),
                ("memory/write", ["tier": "archival", "content": "fine", "importance": 2], "params.importance"),
                ("memory/write", ["tier": "archival", "content": "fine", "role_id": "no spaces allowed"], "params.role_id"),
                ("memory/core/set", ["label": "human", "content": .string(String(repeating: "x", count: 2001))], "params.content"),
                ("memory/core/set", ["label": "not a label", "content": "x"], "params.label"),
                ("memory/get", ["id": "../nope"], "params.id"),
                ("memory/list", ["limit": 0], "params.limit"),
                ("memory/list", ["cursor": "garbage"], "params.cursor"),
            ]
            for (method, params, path) in cases {
                let reply = try #require(await host.call(method, params), "\(method) got no reply")
                #expect(reply["error"]?["code"] == .int(-32602), "\(method) \(path): \(reply.description.prefix(300))")
                #expect(reply["error"]?["data"]?["path"]?.stringValue == path, "\(method): \(reply.description.prefix(300))")
            }
            // Over its size limit: -32011 with the field and the limit.
            let big = try #require(await host.call("memory/write", ["tier": "archival", "content": .string(String(repeating: "é", count: 500_001))]))
            #expect(big["error"]?["code"] == .int(-32011), "\(big.description.prefix(300))")
            #expect(big["error"]?["data"]?["path"] == "params.content")
            #expect(big["error"]?["data"]?["limit"] == .int(1_000_000))
            let missing = await host.call("memory/get", ["id": "mem_00000000000000000000000000"])
            #expect(missing?["error"]?["code"] == .int(-32001))
            // The host is still fine, and nothing was half-written.
            _ = try await host.result("memory/search", ["query": "anything"])
            let db = try await storage.open()
            let counts = try await db.transaction(.system, .read) { c in
                try ["memories", "memory_chunks", "core_blocks"].map { try c.queryFirst("SELECT count(*) AS n FROM \(raw: $0)")?["n"].int64 ?? -1 }
            }
            await db.close()
            #expect(counts == [0, 0, 0])
            #expect(host.violations.isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func memoriesFollowTheScopeRules(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let ann: JSONValue = ["org_id": "acme", "user_id": "ann", "project_id": "p1"]
            let host = try await HostProcess.started(storage, scope: ann)
            let text = "Quarterly numbers: revenue grew in the northern region."
            let shared = try await host.result("memory/write", ["tier": "archival", "content": .string(text)])
            let privateNote = try await host.result("memory/write", ["tier": "episodic", "content": .string(text)])
            let strangers: [(JSONValue, [JSONValue])] = [
                (["org_id": "acme", "user_id": "bob", "project_id": "p1"], [shared["id"]!]),
                (["org_id": "acme", "user_id": "ann", "project_id": "p2"], []),
                (["org_id": "acme", "user_id": "ann"], []),
                (["org_id": "evil", "user_id": "ann", "project_id": "p1"], []),
            ]
            // Another connection without a scope of its own, so each request's scope is taken whole.
            let intruder = try await HostProcess.started(storage)
            for (scope, visible) in strangers {
                for mode in ["hybrid", "text", "vector"] {
                    let found = try await intruder.result("memory/search", ["query": "quarterly revenue region", "mode": .string(mode), "scope": scope])
                    #expect(found["hits"]?.arrayValue?.map { $0["memory_id"]! } == visible, "\(scope) \(mode)")
                }
                for method in ["memory/get", "memory/delete"] {
                    let reply = await intruder.call(method, ["id": privateNote["id"]!, "scope": scope])
                    #expect(reply?["error"]?["code"] == .int(-32001), "\(method) as \(scope)")
                }
            }
            #expect(try await host.result("memory/get", ["id": privateNote["id"]!])["text"]?.stringValue == text)
        }
    }
}
