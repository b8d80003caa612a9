/// One HTTP request as the client sends it, with its limits. The body is sent
/// as-is with its length; responses stream back through `HTTPResponse.body`.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    public var method: String
    public var url: String
    public var headers: HTTPHeaders
    public var body: [UInt8]?
    public var timeouts: HTTPTimeouts
    /// The response (headers + body) may not exceed this many bytes.
    public var maxResponseBytes: Int
    /// Bytes held for a consumer that reads slower than the network delivers;
    /// past this the transfer is paused until the consumer catches up.
    public var bufferLimit: Int
    /// A PEM file of CAs to trust instead of the system store (private CAs).
    public var caBundlePath: String?
    /// Headers libcurl would add by itself that must not be sent (MinerU's
    /// signed upload URLs refuse the `Content-Type` a body otherwise gets).
    public var omittedHeaders: [String] = []

    public init(
        method: String = "GET", url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil,
        timeouts: HTTPTimeouts = HTTPTimeouts(), maxResponseBytes: Int = 64 << 20, bufferLimit: Int = 1 << 20,
        caBundlePath: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
        self.bufferLimit = bufferLimit
        self.caBundlePath = caBundlePath
    }

    public var description: String {
        "\(method) \(url)\n\(headers)" + (body.map { "\n(\($0.count) bytes)" } ?? "")
    }
}

/// How long a request may take. `nil` means no limit of that kind.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Until the TCP (and TLS) connection is up.
    public var connect: Duration
    /// The whole exchange, from start to the last byte of the body.
    public var total: Duration?
    /// The longest silence from the server; a paused (lagging) consumer does not count.
    public var idle: Duration?

    public init(connect: Duration = .seconds(10), total: Duration? = nil, idle: Duration? = .seconds(300)) {
        self.connect = connect
        self.total = total
        self.idle = idle
    }
}

extension Duration {
    /// Whole milliseconds, at least 1 for any positive duration.
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return ms == 0 && attoseconds > 0 ? 1 : ms
    }
}
