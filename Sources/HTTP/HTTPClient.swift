/// The HTTP client of the process: libcurl, one `curl_multi` handle driven by
/// one dedicated thread for all transfers, so blocking network calls never
/// occupy the cooperative thread pool. Bodies stream back as they arrive.
/// Use `HTTPClient.shared`; connections are pooled and reused across requests.
public final class HTTPClient: Sendable {
    public static let shared = HTTPClient()

    let loop: CurlEventLoop

    public init() { loop = CurlEventLoop() }

    deinit { loop.stop() }

    /// Sends the request and returns once the status and headers are in.
    /// Throws only `HTTPError` (HTTP error statuses are responses). Cancelling
    /// the calling task aborts the transfer.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if Task.isCancelled { throw HTTPError.cancelledByCaller }
        let transfer = try Transfer(request, loop: loop)
        let lease = TransferLease(transfer)
        try loop.add(transfer)
        let head = try await transfer.awaitHead()
        return HTTPResponse(status: head.status, headers: head.headers, body: HTTPBody(lease: lease))
    }
}
