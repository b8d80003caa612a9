import JSON

/// The one error type of the runtime's services, in terms a caller can act
/// on: what went wrong (`code`), the offending request field (`path`, e.g.
/// `params.input`) and what else helps (`details`, e.g. `limit`). The host
/// maps it to a JSON-RPC error once, at its edge; nothing here knows RPC.
public struct RuntimeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// An open set of kinds, in the style of swift-nio.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A value the caller sent is wrong (missing, malformed, out of range).
        public static let invalidInput = Code("invalid_input")
        /// An org, user or project id breaks the id rule.
        public static let invalidScope = Code("invalid_scope")
        /// Nothing by that id in the caller's scope.
        public static let notFound = Code("not_found")
        /// A name or key is taken.
        public static let conflict = Code("conflict")
        /// The thing is not in a state that allows this.
        public static let invalidState = Code("invalid_state")
        /// The session already has an active run (`on_busy_session: reject`).
        public static let sessionBusy = Code("session_busy")
        /// A policy or a role's rights forbid it.
        public static let forbidden = Code("forbidden")
        /// A value is over its documented size limit.
        public static let tooLarge = Code("too_large")
        /// The model provider failed.
        public static let providerFailed = Code("provider_failed")
        /// A feature is turned off in the configuration (`feishu.enabled`).
        public static let disabled = Code("disabled")
        /// A bug or an unexpected state.
        public static let `internal` = Code("internal")
    }

    public var code: Code
    public var message: String
    public var path: String?
    public var details: [String: JSONValue]

    public init(_ code: Code, _ message: String, path: String? = nil, details: [String: JSONValue] = [:]) {
        self.code = code
        self.message = message
        self.path = path
        self.details = details
    }

    public var description: String { message }

    public static func invalid(_ message: String, path: String) -> RuntimeError {
        RuntimeError(.invalidInput, message, path: path)
    }
}
