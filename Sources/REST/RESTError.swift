import JSON

/// An error answer: `{"error": {"code", "message", "details"}}` with the
/// seed's string codes; `details.rpc_code` says which RPC error it was.
public struct RESTError: Error, Sendable, Equatable {
    public var status: Int
    public var code: String
    public var message: String
    public var details: [String: JSONValue]

    public init(status: Int, code: String, message: String, details: [String: JSONValue] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var body: JSONValue {
        ["error": ["code": .string(code), "message": .string(message), "details": .object(details)]]
    }

    /// 400 `VALIDATION_ERROR` naming the offending field, as the seed does.
    public static func validation(_ message: String, field: String?) -> RESTError {
        RESTError(status: 400, code: "VALIDATION_ERROR", message: message, details: field.map { ["field": .string($0)] } ?? [:])
    }

    public static func unauthorized(_ message: String) -> RESTError {
        RESTError(status: 401, code: "UNAUTHORIZED", message: message)
    }

    public static func forbidden(_ message: String, field: String? = nil) -> RESTError {
        RESTError(status: 403, code: "FORBIDDEN", message: message, details: field.map { ["field": .string($0)] } ?? [:])
    }

    public static let endpointNotFound = RESTError(status: 404, code: "NOT_FOUND", message: "Endpoint not found")

    public static func methodNotAllowed(_ allowed: [String]) -> RESTError {
        RESTError(status: 405, code: "METHOD_NOT_ALLOWED", message: "Method not allowed; this path accepts \(allowed.joined(separator: ", "))",
                  details: ["allow": .array(allowed.map(JSONValue.string))])
    }

    public static func bodyTooLarge(limit: Int) -> RESTError {
        RESTError(status: 413, code: "PAYLOAD_TOO_LARGE", message: "The request body is larger than \(limit) bytes",
                  details: ["limit": .int(Int64(limit))])
    }

    public static func hostUnavailable(_ message: String) -> RESTError {
        RESTError(status: 503, code: "HOST_UNAVAILABLE", message: message)
    }
}
