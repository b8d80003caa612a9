import JSON

/// A failure of the MCP client: a server that cannot be started or spoken
/// to, or a call that did not produce a result. Tool calls turn it into an
/// error result the model reads; `mcp/servers/list` shows it as `last_error`.
public struct MCPError: Error, Sendable, CustomStringConvertible {
    /// Open set of failure kinds (add codes without breaking callers).
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The command could not be started (not found, not executable, bad cwd).
        public static let spawnFailed = Code(rawValue: "spawn_failed")
        /// `initialize` failed or the server answered something we cannot use.
        public static let handshakeFailed = Code(rawValue: "handshake_failed")
        /// The server chose a protocol version this client does not speak.
        public static let unsupportedVersion = Code(rawValue: "unsupported_version")
        /// The server did not answer within the configured timeout.
        public static let timeout = Code(rawValue: "timeout")
        /// The server process exited (or closed its stdout) while we waited.
        public static let serverExited = Code(rawValue: "server_exited")
        /// The server is starting, restarting, failed or stopped.
        public static let unavailable = Code(rawValue: "unavailable")
        /// The server answered with a JSON-RPC error (e.g. -32602 unknown tool).
        public static let protocolError = Code(rawValue: "protocol_error")
        /// Our caller (the run) was cancelled; the server was told so.
        public static let cancelled = Code(rawValue: "cancelled")
        /// The answer is longer than `mcp.maxLineBytes`; it was not read.
        public static let answerTooLarge = Code(rawValue: "answer_too_large")
        /// The answer does not have the shape the protocol prescribes.
        public static let invalidResponse = Code(rawValue: "invalid_response")

        public var description: String { rawValue }
    }

    public var code: Code
    public var server: String
    public var message: String

    public init(_ code: Code, server: String, _ message: String) {
        self.code = code
        self.server = server
        self.message = message
    }

    public var description: String { "MCP server '\(server)': \(message)" }

    /// Failures that a restart cannot fix: retrying would only repeat them.
    var isPermanent: Bool { code == .spawnFailed || code == .unsupportedVersion }
}
