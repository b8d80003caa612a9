import Foundation
import HTTP
import LoopbackServer
import JSON
import Synchronization
import Testing
@testable import Memory

/// The `openai` embedder over the product's libcurl client, against real
/// sockets: a loopback HTTP server and a loopback HTTPS server.
@Suite struct CurlEmbeddingTransportTests {
    /// `{"data": [...]}` for `inputs`, each vector `[i + 1, 0, 0, 0]` as base64 float32.
    static func answer(_ inputs: Int) -> String {
        let data: [JSONValue] = (0..<inputs).map { i in
            ["object": "embedding", "index": .int(Int64(i)), "embedding": .string(VectorMath.blob([Float(i + 1), 0, 0, 0]).base64EncodedString())]
        }
        return JSONValue.object(["object": "list", "data": .array(data)]).description
    }

    func embedder(_ baseURL: String, transport: CurlEmbeddingTransport = CurlEmbeddingTransport(), retries: Int = 3) -> OpenAIEmbedder {
        OpenAIEmbedder(baseURL: baseURL, model: "m", dimension: 4, apiKey: "sk-secret", transport: transport, batchSize: 2,
                       maxRetries: retries, timeout: .seconds(5), initialBackoff: .milliseconds(5))
    }

    @Test func batchesRetriesARateLimitAndSendsTheKeyOnlyInItsHeader() async throws {
        let calls = Mutex(0)
        let server = try LoopbackServer { request, connection in
            let n = calls.withLock { $0 += 1; return $0 }
            if n == 1 {
                _ = connection.respond(429, [("Retry-After", "0"), ("Content-Type", "application/json")], body: #"{"error":{"message":"slow down"}}"#)
                return
            }
            let inputs = (try JSONParser.parse(request.body))["input"]?.arrayValue?.count ?? 0
            _ = connection.respond(200, [("Content-Type", "application/json")], body: Self.answer(inputs))
        }
        defer { server.stop() }
        let vectors = try await embedder(server.baseURL + "/v1").embed(["a", "b", "c"])
        #expect(vectors == [[1, 0, 0, 0], [1, 0, 0, 0], [1, 0, 0, 0]])
        let requests = server.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.method == "POST" && $0.target == "/v1/embeddings" })
        #expect(requests.allSatisfy { $0.header("authorization") == "Bearer sk-secret" && !$0.bodyText.contains("sk-secret") })
        #expect(requests.map { (try? JSONParser.parse($0.body))?["input"]?.arrayValue?.count ?? 0 } == [2, 2, 1])
        #expect(requests.allSatisfy { (try? JSONParser.parse($0.body))?["encoding_format"] == "base64" })
    }

    @Test func aRefusedConnectionIsRetriedThenReportedWithoutTheKey() async throws {
        let server = try LoopbackServer { _, connection in connection.close() }
        let url = server.baseURL
        server.stop()
        let error = await #expect(throws: MemoryError.self) { try await embedder(url, retries: 2).embed(["a"]) }
        #expect(error?.code == .embedderFailed)
        #expect(error?.message.contains("after 3 attempts") == true, "\(String(describing: error))")
        #expect(error?.message.contains("sk-secret") == false)
    }

    @Test(.enabled(if: TLSServer.toolsPresent, "needs openssl and python3"))
    func httpsWorksWithATrustedCertificateAndAnUntrustedOneFailsAtOnce() async throws {
        let server = try TLSServer(body: Self.answer(2))
        defer { server.stop() }
        let url = "https://127.0.0.1:\(server.port)/v1"
        let trusted = embedder(url, transport: CurlEmbeddingTransport(caBundlePath: server.certificate))
        #expect(try await trusted.embed(["x", "y"]) == [[1, 0, 0, 0], [1, 0, 0, 0]])
        let started = ContinuousClock.now
        let error = await #expect(throws: MemoryError.self) { try await embedder(url, retries: 3).embed(["x"]) }
        #expect(error?.code == .embedderFailed)
        #expect(error?.message.contains("tls") == true, "\(String(describing: error))")
        // Not retried: a certificate does not get better with backoff.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func cancellingTheTaskAbortsTheRequestAtOnce() async throws {
        let server = try LoopbackServer { _, connection in
            connection.server.note("request")
            if connection.waitForDisconnect(timeout: .seconds(10)) { connection.server.note("disconnected") }
        }
        defer { server.stop() }
        let embedder = embedder(server.baseURL)
        let task = Task { try await embedder.embed(["slow"]) }
        #expect(await server.waitFor("request", timeout: .seconds(30)))
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(await server.waitFor("disconnected", timeout: .seconds(30)))
    }
}
