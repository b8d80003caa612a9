import Foundation
import JSON

/// An embedder over any OpenAI-compatible `/v1/embeddings` server (OpenAI,
/// Ollama, vLLM, llama.cpp, …). It asks for base64 float32 (a quarter of the
/// JSON text of decimal floats), sends at most `batchSize` inputs per
/// request, retries 429, 5xx and transport failures with exponential backoff
/// (honouring `retry-after`), and checks every vector's dimension.
public struct OpenAIEmbedder: Embedder {
    public let baseURL: String
    public let model: String
    public let dimension: Int
    public var batchSize: Int
    public var maxRetries: Int
    public var timeout: Duration
    /// First retry delay; doubled each time, capped at 10 s.
    public var initialBackoff: Duration
    /// Send `dimensions` (text-embedding-3 models shorten their vectors); off for servers that reject it.
    public var requestDimensions: Bool
    private let apiKey: String?
    private let transport: any EmbeddingTransport

    public var name: String { "openai:\(model)" }

    public init(baseURL: String, model: String, dimension: Int, apiKey: String?, transport: any EmbeddingTransport = CurlEmbeddingTransport(),
                batchSize: Int = 64, maxRetries: Int = 3, timeout: Duration = .seconds(60), initialBackoff: Duration = .milliseconds(500),
                requestDimensions: Bool = true) {
        self.baseURL = baseURL
        self.model = model
        self.dimension = dimension
        self.apiKey = apiKey
        self.transport = transport
        self.batchSize = max(1, batchSize)
        self.maxRetries = max(0, maxRetries)
        self.timeout = timeout
        self.initialBackoff = initialBackoff
        self.requestDimensions = requestDimensions
    }

    /// `…/v1` + `/embeddings`, unless the URL already names the endpoint.
    public var endpoint: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix("/embeddings") ? base : base + "/embeddings"
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        var out: [[Float]] = []
        out.reserveCapacity(texts.count)
        var start = 0
        while start < texts.count {
            let batch = Array(texts[start..<min(start + batchSize, texts.count)])
            out += try await embedBatch(batch)
            start += batch.count
        }
        return out
    }

    func embedBatch(_ texts: [String]) async throws -> [[Float]] {
        var body: [String: JSONValue] = [
            "model": .string(model), "input": .array(texts.map(JSONValue.string)), "encoding_format": "base64",
        ]
        if requestDimensions { body["dimensions"] = .int(Int64(dimension)) }
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let apiKey, !apiKey.isEmpty { headers.append(("Authorization", "Bearer \(apiKey)")) }
        let request = EmbeddingHTTPRequest(url: endpoint, headers: headers, body: Array(JSONValue.object(body).description.utf8), timeout: timeout)
        var attempt = 0
        var backoff = initialBackoff
        while true {
            try Task.checkCancellation()
            let failure: String
            var retryAfter: Duration?
            do {
                let response = try await transport.post(request)
                if response.status == 200 { return try decode(response.body, count: texts.count) }
                let message = Self.errorMessage(response.body)
                guard response.status == 429 || response.status >= 500 else {
                    throw MemoryError(.embedderFailed, "embeddings server answered \(response.status): \(message)")
                }
                failure = "HTTP \(response.status): \(message)"
                retryAfter = response.headers["retry-after"].flatMap(Double.init).map { .milliseconds(Int64($0 * 1000)) }
            } catch let error as EmbeddingTransportError {
                failure = error.message
            }
            attempt += 1
            guard attempt <= maxRetries else {
                throw MemoryError(.embedderFailed, "embeddings server failed after \(attempt) attempts: \(failure)")
            }
            try await Task.sleep(for: min(retryAfter ?? backoff, .seconds(30)))
            backoff = min(backoff * 2, .seconds(10))
        }
    }

    /// `{"data": [{"index": i, "embedding": "<base64 float32>" | [floats]}]}`, in any order.
    func decode(_ body: [UInt8], count: Int) throws -> [[Float]] {
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch {
            throw MemoryError(.embedderFailed, "embeddings server sent invalid JSON: \(error)")
        }
        guard let items = json["data"]?.arrayValue, items.count == count else {
            throw MemoryError(.embedderFailed, "embeddings server sent \(json["data"]?.arrayValue?.count ?? 0) vectors for \(count) inputs")
        }
        var vectors = [[Float]?](repeating: nil, count: count)
        for (position, item) in items.enumerated() {
            let index = item["index"]?.intValue.map(Int.init) ?? position
            guard index >= 0, index < count, vectors[index] == nil else {
                throw MemoryError(.embedderFailed, "embeddings server sent a bad or repeated index \(index)")
            }
            let vector: [Float]
            if let text = item["embedding"]?.stringValue {
                guard let data = Data(base64Encoded: text), data.count % 4 == 0 else {
                    throw MemoryError(.embedderFailed, "embedding \(index) is not base64 float32")
                }
                vector = VectorMath.floats(data, dimension: data.count / 4) ?? []
            } else if let numbers = item["embedding"]?.arrayValue {
                vector = numbers.map { Float($0.doubleValue ?? .nan) }
            } else {
                throw MemoryError(.embedderFailed, "embedding \(index) is missing")
            }
            guard vector.count == dimension else {
                throw MemoryError(.embedderFailed, "the embeddings server returned \(vector.count)-dimensional vectors; embedding.dimension is \(dimension)")
            }
            guard vector.allSatisfy(\.isFinite) else {
                throw MemoryError(.embedderFailed, "embedding \(index) has non-finite values")
            }
            vectors[index] = VectorMath.normalized(vector)
        }
        return vectors.map { $0 ?? [] }
    }

    static func errorMessage(_ body: [UInt8]) -> String {
        if let json = try? JSONParser.parse(body), let message = json["error"]?["message"]?.stringValue ?? json["error"]?.stringValue {
            return message
        }
        return String(decoding: body.prefix(300), as: UTF8.self)
    }
}
