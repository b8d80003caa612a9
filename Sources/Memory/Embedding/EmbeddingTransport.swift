/// How the `openai` embedder reaches a server: one POST, whole body in,
/// whole body out. `CurlEmbeddingTransport` (the libcurl client) is the
/// product's; the seam lets unit tests answer in-process.
public protocol EmbeddingTransport: Sendable {
    func post(_ request: EmbeddingHTTPRequest) async throws -> EmbeddingHTTPResponse
}

/// One POST to an embeddings endpoint.
public struct EmbeddingHTTPRequest: Sendable {
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]
    public var timeout: Duration

    public init(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) {
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The server's answer; header names are lowercased.
public struct EmbeddingHTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A failure to exchange bytes at all (connection refused, timeout, a
/// malformed response): retried like a 5xx.
public struct EmbeddingTransportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
