import Foundation
import HTTP
import JSON

/// The HTTP calls of the ingestion clients (MinerU, Feishu): a JSON or raw
/// request with a timeout, retried on transport errors, 5xx and 429 with
/// exponential backoff and jitter. Secrets go in headers only and never
/// into an error message.
struct IngestHTTP: Sendable {
    var client: HTTPClient = .shared
    var timeout: Duration
    var maxRetries: Int
    /// The first backoff; doubled per retry, with ±50 % jitter.
    var backoff: Duration = .milliseconds(200)

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var json: JSONValue? { try? JSONParser.parse(body) }
    }

    /// Sends once per attempt; `retryable` may ask for another attempt on a
    /// reply (a rate-limit code inside a 200, a token to refresh).
    func send(_ request: HTTPRequest, maxBytes: Int = 64 << 20) async throws -> Reply {
        var attempt = 0
        while true {
            try Task.checkCancellation()
            var request = request
            request.timeouts = HTTPTimeouts(connect: min(timeout, .seconds(10)), total: timeout, idle: timeout)
            request.maxResponseBytes = maxBytes
            do {
                let response = try await client.send(request)
                let body = try await response.body.collect(upTo: maxBytes)
                let reply = Reply(status: response.status, headers: response.headers, body: body)
                if (reply.status == 429 || reply.status >= 500) && attempt < maxRetries {
                    attempt += 1
                    try await Task.sleep(for: delay(attempt, reply: reply))
                    continue
                }
                return reply
            } catch let error as HTTPError where error.isTransient && attempt < maxRetries {
                attempt += 1
                try await Task.sleep(for: delay(attempt, reply: nil))
            }
        }
    }

    /// Backoff with jitter; a `x-ogw-ratelimit-reset` (Feishu) or `retry-after` header sets the floor.
    func delay(_ attempt: Int, reply: Reply?) -> Duration {
        let base = backoff * (1 << min(attempt - 1, 6))
        let jitter = Double.random(in: 0.5...1.5)
        var ms = Double(base.milliseconds) * jitter
        if let reply, let reset = reply.headers["x-ogw-ratelimit-reset"] ?? reply.headers["retry-after"], let seconds = Double(reset) {
            ms = max(ms, min(seconds, 60) * 1000)
        }
        return .milliseconds(Int64(ms))
    }
}
