import Foundation
import LoopbackServer
import RPC
import Testing

/// `embedding.provider: openai` against a loopback `/v1/embeddings` server,
/// driven over the pipe as a user would: vectors come from the server,
/// searches use them, a failing server writes nothing, the key stays secret.
@Suite struct EmbeddingServerTests {
    static let dimension = 16
    static let key = "sk-embed-\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"

    /// Bag of words hashed into 16 buckets: texts sharing words point the same way.
    static func vector(_ text: String) -> [JSONValue] {
        var v = [Double](repeating: 0, count: dimension)
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            v[Int(word.utf8.reduce(UInt32(7)) { $0 &* 31 &+ UInt32($1) } % UInt32(dimension))] += 1
        }
        return v.map { .double($0) }
    }

    static func server(failing: Bool = false) throws -> LoopbackServer {
        try LoopbackServer { request, connection in
            if failing {
                _ = connection.respond(400, [("Content-Type", "application/json")], body: #"{"error":{"message":"model not found"}}"#)
                return
            }
            let inputs = (try JSONParser.parse(request.body))["input"]?.arrayValue ?? []
            let data: [JSONValue] = inputs.enumerated().map { i, text in
                ["object": "embedding", "index": .int(Int64(i)), "embedding": .array(vector(text.stringValue ?? ""))]
            }
            _ = connection.respond(200, [("Content-Type", "application/json")], body: JSONValue.object(["data": .array(data)]).description)
        }
    }

    static func environment(_ server: LoopbackServer) -> [String: String] {
        ["EMBEDDING_PROVIDER": "openai", "EMBEDDING_API_URL": server.baseURL + "/v1", "EMBEDDING_API_MODEL": "bag-of-words",
         "EMBEDDING_DIMENSION": "\(dimension)", "EMBEDDING_API_KEY": key, "OI_LOG_LEVEL": "debug"]
    }

    @Test(arguments: TestBackend.all)
    func searchesUseTheServersVectorsAndTheKeyIsNowhere(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let server = try Self.server()
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: Self.environment(server))
            var ids: [JSONValue] = []
            for doc in ["Volcanoes erupt molten lava", "Penguins swim in cold oceans", "Compilers translate source code"] {
                ids.append(try #require(try await host.result("memory/write", ["tier": "archival", "content": .string(doc)])["id"]))
            }
            let found = try await host.result("memory/search", ["query": "penguins oceans", "mode": "vector", "k": 3])
            #expect(found["embedder"] == "openai:bag-of-words")
            #expect(found["hits"]?.arrayValue?.first?["memory_id"] == ids[1], "\(found)")
            let requests = server.requests
            #expect(requests.count == 4)
            #expect(requests.allSatisfy { $0.header("authorization") == "Bearer \(Self.key)" && $0.target == "/v1/embeddings" })
            #expect(requests.last.map { (try? JSONParser.parse($0.body))?["input"] } == ["penguins oceans"])

            let memory = try await host.result("memory/get", ["id": ids[0]])
            host.closeStdin()
            _ = await host.waitExit()
            let log = String(decoding: host.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!log.contains(Self.key) && !found.description.contains(Self.key) && !memory.description.contains(Self.key))
        }
    }

    @Test(arguments: TestBackend.all)
    func aFailingServerIsATypedErrorAndNothingIsWritten(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let server = try Self.server(failing: true)
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: Self.environment(server))
            let reply = await host.call("memory/write", ["tier": "archival", "content": "Will not be stored"])
            #expect(errorCode(reply) == -32013, "\(String(describing: reply))")
            #expect(reply?["error"]?["message"]?.stringValue?.contains("model not found") == true)
            #expect(reply?.description.contains(Self.key) == false)
            #expect(try await host.result("memory/list", [:])["memories"] == .array([]))
            #expect(errorCode(await host.call("memory/search", ["query": "anything", "mode": "vector"])) == -32013)
        }
    }
}
