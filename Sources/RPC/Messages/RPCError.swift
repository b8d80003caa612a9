import Foundation
import JSON

/// A JSON-RPC error object. The code is an open struct so the application can
/// add its own codes (in -32000…-32099) without touching this target.
public struct RPCError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public var rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public init(_ rawValue: Int) { self.rawValue = rawValue }

        public static let parseError = Code(-32700)
        public static let invalidRequest = Code(-32600)
        public static let methodNotFound = Code(-32601)
        public static let invalidParams = Code(-32602)
        public static let internalError = Code(-32603)
        /// LSP's RequestCancelled: the peer cancelled the request with `$/cancelRequest`.
        public static let requestCancelled = Code(-32800)
        /// LSP's ServerNotInitialized.
        public static let notInitialized = Code(-32002)
        /// A result too big for one line (`maxLineBytes`); the application's
        /// `payload_too_large` code.
        public static let responseTooLarge = Code(-32011)
    }

    public var code: Code
    public var message: String
    public var data: JSONValue?

    public init(code: Code, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { "RPCError(\(code.rawValue)): \(message)" }

    public var json: JSONValue {
        var o: [String: JSONValue] = ["code": .int(Int64(code.rawValue)), "message": .string(message)]
        if let data { o["data"] = data }
        return .object(o)
    }

    public init?(json: JSONValue) {
        guard let code = json["code"]?.intValue, let message = json["message"]?.stringValue else { return nil }
        self.init(code: Code(Int(code)), message: message, data: json["data"])
    }

    public static func invalidParams(_ message: String, path: String) -> RPCError {
        RPCError(code: .invalidParams, message: message, data: ["path": .string(path)])
    }

    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: .methodNotFound, message: "method not found: \(method)", data: ["method": .string(method)])
    }

    public static func invalidRequest(_ message: String) -> RPCError {
        RPCError(code: .invalidRequest, message: "invalid request: \(message)")
    }

    public static let cancelled = RPCError(code: .requestCancelled, message: "request cancelled")
}
