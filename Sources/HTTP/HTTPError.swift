/// Why an HTTP exchange failed below the level of status codes (a 404 or a
/// 500 is a response, not an `HTTPError`). The code is open so callers can
/// match on it while new codes can be added without breaking them.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        public init(_ name: String) { self.name = name }
        public var description: String { name }

        /// DNS, refused or unreachable host, proxy failure: nothing was exchanged.
        public static let connect = Code("connect")
        /// TLS handshake or certificate verification failed.
        public static let tls = Code("tls")
        /// The connect timeout or the total timeout fired.
        public static let timeout = Code("timeout")
        /// No byte arrived from the server for longer than the idle timeout.
        public static let idleTimeout = Code("idle_timeout")
        /// The peer closed or reset the connection before the response was complete.
        public static let connectionLost = Code("connection_lost")
        /// The response (headers or body) exceeded the configured cap.
        public static let tooLarge = Code("too_large")
        /// The consuming task was cancelled or the response was dropped.
        public static let cancelled = Code("cancelled")
        /// The request could not be expressed (bad URL, CR/LF in a header…).
        public static let invalidRequest = Code("invalid_request")
        /// The client is shut down or libcurl could not be initialised.
        public static let unavailable = Code("unavailable")
        /// Any other libcurl failure.
        public static let transport = Code("transport")
    }

    public var code: Code
    public var message: String
    /// libcurl's `CURLcode`, when the failure came from libcurl.
    public var curlCode: Int?

    public init(_ code: Code, _ message: String, curlCode: Int? = nil) {
        self.code = code
        self.message = message
        self.curlCode = curlCode
    }

    /// Failures after which repeating the request is sensible: the server may
    /// never have seen it, or the network dropped it.
    public var isTransient: Bool {
        [.connect, .timeout, .idleTimeout, .connectionLost].contains(code)
    }

    public var description: String { "HTTP \(code): \(message)" }

    static let cancelledByCaller = HTTPError(.cancelled, "the request was cancelled")
}
