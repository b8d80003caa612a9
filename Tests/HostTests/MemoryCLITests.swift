import Foundation
import RPC
import Testing

/// `oi-host memory reembed`, run as an operator would after changing the embedder.
@Suite struct MemoryCLITests {
    @Test(arguments: TestBackend.all)
    func reembedMovesEveryChunkToTheNewEmbedder(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            for i in 0..<5 {
                _ = try await host.result("memory/write", ["tier": "archival", "content": .string("Greenhouse note \(i): tomatoes need warmth.")])
            }
            _ = try await host.result("memory/write", ["tier": "episodic", "content": "A private note about tomatoes.", "scope": ["org_id": "other", "user_id": "u"]])
            host.closeStdin()
            _ = await host.waitExit()

            let small = storage.environment.merging(["EMBEDDING_DIMENSION": "64", "OI_CONFIG": "/nonexistent/agent.config.json"]) { _, b in b }
            let scoped = try await Self.run(["memory", "reembed"], env: small)
            #expect(scoped.status == 0, "\(scoped.stderr)")
            #expect(scoped.stdout.contains("re-embedded 5 chunks with hash-v1 (64 dimensions) for org_default/user_default/-"), "\(scoped.stdout)")
            let all = try await Self.run(["memory", "reembed", "--all"], env: small)
            #expect(all.stdout.contains("re-embedded 1 chunks"), "only the other tenant's chunk was left: \(all.stdout)")

            // A host configured for 64 dimensions finds them by vector.
            let after = try await HostProcess.started(storage, environment: ["EMBEDDING_DIMENSION": "64"])
            let found = try await after.result("memory/search", ["query": "tomatoes warmth", "mode": "vector", "k": 10])
            #expect(found["hits"]?.arrayValue?.count == 5)
            let bad = try await Self.run(["memory", "reembed", "--embedder", "openai"], env: small)
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("embedding.apiUrl"), "\(bad.stderr)")
        }
    }

    static func run(_ args: [String], env: [String: String]) async throws -> CLIProcess.Output {
        try await CLIProcess.run(args, env: env)
    }
}
