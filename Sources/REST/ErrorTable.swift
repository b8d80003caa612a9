import JSON

/// The one mapping from RPC errors (`schemas/errors.json`) to HTTP statuses
/// and the seed's string codes. A route may override an entry where the seed
/// answers otherwise (`Route.errors`). docs/rest.md shows this table.
public enum ErrorTable {
    public struct Entry: Sendable {
        public let rpcCode: Int
        public let status: Int
        public let code: String
    }

    public static let entries: [Entry] = [
        Entry(rpcCode: -32700, status: 400, code: "VALIDATION_ERROR"),
        Entry(rpcCode: -32602, status: 400, code: "VALIDATION_ERROR"),
        Entry(rpcCode: -32003, status: 400, code: "VALIDATION_ERROR"),
        Entry(rpcCode: -32016, status: 400, code: "FEISHU_SYNC_DISABLED"),
        Entry(rpcCode: -32014, status: 401, code: "UNAUTHORIZED"),
        Entry(rpcCode: -32007, status: 403, code: "FORBIDDEN"),
        Entry(rpcCode: -32001, status: 404, code: "NOT_FOUND"),
        Entry(rpcCode: -32004, status: 409, code: "CONFLICT"),
        Entry(rpcCode: -32005, status: 409, code: "INVALID_STATE"),
        Entry(rpcCode: -32009, status: 409, code: "RUN_CANCELLED"),
        Entry(rpcCode: -32011, status: 413, code: "PAYLOAD_TOO_LARGE"),
        Entry(rpcCode: -32006, status: 429, code: "SESSION_BUSY"),
        Entry(rpcCode: -32008, status: 502, code: "PROVIDER_ERROR"),
        Entry(rpcCode: -32013, status: 502, code: "EMBEDDING_FAILED"),
        Entry(rpcCode: -32010, status: 503, code: "STORAGE_UNAVAILABLE"),
        Entry(rpcCode: -32012, status: 503, code: "SHUTTING_DOWN"),
        Entry(rpcCode: -32002, status: 503, code: "HOST_UNAVAILABLE"),
    ]

    /// Every status a route may answer with besides its success.
    public static let statuses = [400, 401, 403, 404, 409, 413, 429, 502, 503]

    /// The REST error for an RPC error the host answered on `route`.
    public static func rest(code rpcCode: Int, message: String, data: JSONValue?, route: Route?, fieldNames: [String: String] = [:]) -> RESTError {
        let path = data?["path"]?.stringValue
        var details: [String: JSONValue] = ["rpc_code": .int(Int64(rpcCode))]
        if case .object(let members)? = data {
            for (key, value) in members where key != "path" { details[key] = value }
        }
        if let field = field(fromPath: path, names: fieldNames) { details["field"] = .string(field) }
        if let override = route?.errors.first(where: { $0.rpcCode == rpcCode && ($0.path == nil || $0.path == path) }) {
            return RESTError(status: override.status, code: override.code, message: message, details: details)
        }
        if let entry = entries.first(where: { $0.rpcCode == rpcCode }) {
            return RESTError(status: entry.status, code: entry.code, message: message, details: details)
        }
        // A bug in the host (or an answer this table does not know): never the host's text.
        return RESTError(status: 500, code: "INTERNAL_ERROR", message: "An internal error occurred", details: ["rpc_code": .int(Int64(rpcCode))])
    }

    /// `params.scope.org_id` → `org_id`; `params.call_id` → `tool_call_id` on a route that renames it.
    static func field(fromPath path: String?, names: [String: String]) -> String? {
        guard var rest = path else { return nil }
        if rest.hasPrefix("params.") { rest.removeFirst("params.".count) } else if rest == "params" { return nil }
        if rest.hasPrefix("scope.") { rest.removeFirst("scope.".count) }
        let head = String(rest.prefix { $0 != "." && $0 != "[" })
        if let renamed = names[head] { return renamed + rest.dropFirst(head.count) }
        return rest
    }
}
