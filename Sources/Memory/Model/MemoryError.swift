/// The one error type of the Memory layer. `field` names the offending input
/// (`content`, `query`, `vector`, …) so the host can answer -32602 with
/// `data.path`; the host maps codes to JSON-RPC once, at its edge.
public struct MemoryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An open set of kinds, in the style of swift-nio.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The caller sent something Memory will not take (empty query, a
        /// document over the size cap, a vector of the wrong dimension, …).
        public static let invalidInput = Code("invalid_input")
        /// No such memory or core block in this scope.
        public static let notFound = Code("not_found")
        /// A core block would grow past its character limit, or a scope has
        /// too many blocks.
        public static let limitExceeded = Code("limit_exceeded")
        /// The embedder failed (after retries) or answered something unusable.
        public static let embedderFailed = Code("embedder_failed")
        /// A value is over its documented size limit (`limit`, in bytes).
        public static let tooLarge = Code("too_large")
    }

    public var code: Code
    public var message: String
    /// The offending input field, e.g. `content` or `filters.role_id`.
    public var field: String?
    /// The size limit a `.tooLarge` value broke, in bytes.
    public var limit: Int?

    public init(_ code: Code, _ message: String, field: String? = nil, limit: Int? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.limit = limit
    }

    public var description: String { "\(code): \(message)" }

    static func invalid(_ message: String, field: String) -> MemoryError {
        MemoryError(.invalidInput, message, field: field)
    }
}
