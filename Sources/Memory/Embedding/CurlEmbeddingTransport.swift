import HTTP

/// The `openai` embedder's transport: the product's libcurl client
/// (`HTTP`), so embeddings get what model calls get — HTTPS with the system
/// CA store (or `caBundlePath`), proxies from the standard environment
/// variables, pooled connections, timeouts, a response cap, and an abort of
/// the transfer when the calling task is cancelled.
public struct CurlEmbeddingTransport: EmbeddingTransport {
    let client: HTTPClient
    let caBundlePath: String?
    let maxResponseBytes: Int

    /// `maxResponseBytes` bounds one answer: 64 inputs × 3072 float32 in
    /// base64 is about 1 MiB, so the default leaves ample room.
    public init(client: HTTPClient = .shared, caBundlePath: String? = nil, maxResponseBytes: Int = 64 << 20) {
        self.client = client
        self.caBundlePath = caBundlePath
        self.maxResponseBytes = maxResponseBytes
    }

    /// One POST. Failures the server may never have seen (connect, timeouts,
    /// a dropped connection) are `EmbeddingTransportError`, which the
    /// embedder retries; TLS, a bad URL or an oversized answer are final
    /// (`MemoryError.embedderFailed`); a cancelled task is `CancellationError`.
    public func post(_ request: EmbeddingHTTPRequest) async throws -> EmbeddingHTTPResponse {
        let http = HTTPRequest(method: "POST", url: request.url, headers: HTTPHeaders(request.headers), body: request.body,
                               timeouts: HTTPTimeouts(connect: min(request.timeout, .seconds(10)), total: request.timeout, idle: request.timeout),
                               maxResponseBytes: maxResponseBytes, caBundlePath: caBundlePath)
        do {
            let response = try await client.send(http)
            let body = try await response.body.collect(upTo: maxResponseBytes)
            var headers: [String: String] = [:]
            for field in response.headers { headers[field.name.lowercased()] = field.value }
            return EmbeddingHTTPResponse(status: response.status, headers: headers, body: body)
        } catch let error as HTTPError {
            if error.code == .cancelled || Task.isCancelled { throw CancellationError() }
            if error.isTransient { throw EmbeddingTransportError(error.description) }
            throw MemoryError(.embedderFailed, "embeddings server \(request.url): \(error)")
        }
    }
}
