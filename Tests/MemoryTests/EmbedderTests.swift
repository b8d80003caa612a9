import Foundation
import JSON
import Synchronization
import Testing
@testable import Memory

@Suite struct HashEmbedderTests {
    let embedder = HashEmbedder(dimension: 256)

    func cosine(_ a: String, _ b: String) -> Float {
        VectorMath.dot(embedder.vector(a), embedder.vector(b))
    }

    @Test func vectorsAreDeterministicUnitLengthAndOfTheConfiguredDimension() async throws {
        let a = embedder.vector("Rotate the payment tokens every ninety days.")
        let b = try await HashEmbedder(dimension: 256).embed(["Rotate the payment tokens every ninety days."])[0]
        #expect(a == b)
        #expect(a.count == 256)
        #expect(abs(VectorMath.dot(a, a) - 1) < 1e-5)
        #expect(HashEmbedder(dimension: 64).vector("x y z").count == 64)
        #expect(embedder.name == "hash-v1")
    }

    @Test func caseAndPunctuationDoNotMatter() {
        #expect(embedder.vector("Deploy the RELEASE!") == embedder.vector("deploy the release"))
    }

    @Test func wordFormsAreCloserThanUnrelatedWords() {
        #expect(cosine("deployment of the service", "deploying services") > cosine("deployment of the service", "holiday vacation policy") + 0.2)
        #expect(cosine("certificate rotation", "rotate certificates") > cosine("certificate rotation", "holiday vacation policy") + 0.15)
    }

    @Test func textWithNothingToEmbedIsTheZeroVector() {
        #expect(VectorMath.isZero(embedder.vector("")))
        #expect(VectorMath.isZero(embedder.vector("?! — …")))
        #expect(VectorMath.isZero(embedder.vector("the of and")), "stop words alone carry no features")
    }

    @Test func chineseTextIsEmbeddedByCharactersAndBigrams() {
        // No spaces: the whole sentence is one "word" to the tokenizer.
        let near = cosine("机器学习模型的训练数据", "训练机器学习模型")
        let far = cosine("机器学习模型的训练数据", "新员工入职培训")
        #expect(near > 0.4)
        #expect(near > far + 0.3)
        #expect(cosine("数据库 backup", "数据库备份 backups") > 0.3, "mixed scripts keep both parts")
    }
}

/// An embeddings server answered in-process: records requests, replays answers.
final class FakeTransport: EmbeddingTransport, Sendable {
    struct State {
        var requests: [EmbeddingHTTPRequest] = []
        var answers: [Result<EmbeddingHTTPResponse, EmbeddingTransportError>] = []
    }
    let state = Mutex(State())
    let dimension: Int
    /// Answers with this many floats per vector instead of `dimension`.
    let servedDimension: Int

    init(dimension: Int, servedDimension: Int? = nil, answers: [Result<EmbeddingHTTPResponse, EmbeddingTransportError>] = []) {
        self.dimension = dimension
        self.servedDimension = servedDimension ?? dimension
        state.withLock { $0.answers = answers }
    }

    var requests: [EmbeddingHTTPRequest] { state.withLock { $0.requests } }

    func post(_ request: EmbeddingHTTPRequest) async throws -> EmbeddingHTTPResponse {
        let scripted = state.withLock { s -> Result<EmbeddingHTTPResponse, EmbeddingTransportError>? in
            s.requests.append(request)
            return s.answers.isEmpty ? nil : s.answers.removeFirst()
        }
        if let scripted { return try scripted.get() }
        let body = try JSONParser.parse(request.body)
        let inputs = body["input"]?.arrayValue ?? []
        // A real server's order is not guaranteed: answer in reverse with indexes.
        let data: [JSONValue] = inputs.enumerated().reversed().map { i, input in
            let seed = Float((input.stringValue ?? "").utf8.count % 7 + 1)
            let floats = (0..<servedDimension).map { Float($0 % 5) * seed + Float(i) }
            return ["object": "embedding", "index": .int(Int64(i)), "embedding": .string(VectorMath.blob(floats).base64EncodedString())]
        }
        let answer: JSONValue = ["object": "list", "data": .array(data), "model": body["model"] ?? .null]
        return EmbeddingHTTPResponse(status: 200, body: Array(answer.description.utf8))
    }

    static func status(_ code: Int, _ message: String, retryAfter: String? = nil) -> Result<EmbeddingHTTPResponse, EmbeddingTransportError> {
        .success(EmbeddingHTTPResponse(status: code, headers: retryAfter.map { ["retry-after": $0] } ?? [:],
                                       body: Array(#"{"error":{"message":"\#(message)"}}"#.utf8)))
    }
}

@Suite struct OpenAIEmbedderTests {
    func embedder(_ transport: FakeTransport, batchSize: Int = 64) -> OpenAIEmbedder {
        OpenAIEmbedder(baseURL: "http://127.0.0.1:9/v1/", model: "text-embedding-3-small", dimension: transport.dimension, apiKey: "sk-test",
                       transport: transport, batchSize: batchSize, maxRetries: 3, initialBackoff: .milliseconds(1))
    }

    @Test func postsBatchesAskingForBase64AndDecodesFloat32InIndexOrder() async throws {
        let transport = FakeTransport(dimension: 8)
        let texts = (0..<130).map { "text number \($0)" }
        let vectors = try await embedder(transport).embed(texts)
        #expect(vectors.count == 130)
        #expect(transport.requests.count == 3, "64 + 64 + 2")
        let first = try JSONParser.parse(transport.requests[0].body)
        #expect(first["model"] == "text-embedding-3-small")
        #expect(first["encoding_format"] == "base64")
        #expect(first["dimensions"] == 8)
        #expect(first["input"]?.arrayValue?.count == 64)
        #expect(transport.requests[0].url == "http://127.0.0.1:9/v1/embeddings")
        #expect(transport.requests[0].headers.contains { $0.0 == "Authorization" && $0.1 == "Bearer sk-test" })
        // Vector i of a batch was built from index i: check order and normalisation.
        let expected = VectorMath.normalized((0..<8).map { Float($0 % 5) * Float("text number 1".utf8.count % 7 + 1) + 1 })
        #expect(zip(vectors[1], expected).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(vectors.allSatisfy { abs(VectorMath.dot($0, $0) - 1) < 1e-4 })
    }

    @Test func retriesRateLimitsAndServerErrorsThenSucceeds() async throws {
        let transport = FakeTransport(dimension: 4, answers: [
            FakeTransport.status(429, "slow down", retryAfter: "0"), FakeTransport.status(503, "overloaded"), .failure(EmbeddingTransportError("connection refused")),
        ])
        let vectors = try await embedder(transport).embed(["a", "b"])
        #expect(vectors.count == 2)
        #expect(transport.requests.count == 4)
    }

    @Test func givesUpAfterItsRetriesWithTheLastReason() async throws {
        let transport = FakeTransport(dimension: 4, answers: Array(repeating: FakeTransport.status(500, "boom"), count: 4))
        let error = await #expect(throws: MemoryError.self) { try await embedder(transport).embed(["a"]) }
        #expect(error?.code == .embedderFailed)
        #expect(error?.message.contains("boom") == true)
        #expect(transport.requests.count == 4, "one try and three retries")
    }

    @Test func clientErrorsAreNotRetried() async throws {
        let transport = FakeTransport(dimension: 4, answers: [FakeTransport.status(401, "invalid api key")])
        let error = await #expect(throws: MemoryError.self) { try await embedder(transport).embed(["a"]) }
        #expect(error?.message.contains("invalid api key") == true)
        #expect(transport.requests.count == 1)
    }

    @Test func vectorsOfAnotherDimensionAreRefusedWithAClearMessage() async throws {
        let transport = FakeTransport(dimension: 256, servedDimension: 768)
        let error = await #expect(throws: MemoryError.self) { try await embedder(transport).embed(["a"]) }
        #expect(error?.message.contains("768-dimensional") == true)
        #expect(error?.message.contains("embedding.dimension is 256") == true)
    }

    @Test func settingsBuildTheNamedEmbedder() throws {
        #expect(try EmbedderSettings().makeEmbedder().name == "hash-v1")
        let openai = try EmbedderSettings(provider: "api", dimension: 512, apiURL: "http://localhost:11434/v1", apiModel: "nomic-embed-text").makeEmbedder()
        #expect(openai.name == "openai:nomic-embed-text")
        #expect(openai.dimension == 512)
        #expect(throws: MemoryError.self) { try EmbedderSettings(provider: "openai").makeEmbedder() }
    }
}
