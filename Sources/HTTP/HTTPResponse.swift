/// A response whose status and headers have arrived; the body streams on.
/// Dropping the response (and its body) before the end aborts the transfer and
/// closes its connection.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: HTTPBody

    /// Aborts the transfer now; a body iteration in progress throws `.cancelled`.
    public func cancel() { body.lease.transfer.cancel(HTTPError.cancelledByCaller) }
}

/// The status line and headers of a response.
struct ResponseHead: Sendable {
    var status: Int
    var headers: HTTPHeaders
}
