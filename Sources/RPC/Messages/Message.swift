/// One decoded JSON-RPC 2.0 message, classified by shape.
public enum Message: Sendable, Equatable {
    case request(id: RequestID, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: RequestID, result: JSONValue)
    case errorResponse(id: RequestID?, error: RPCError)

    /// Classifies a parsed value. Throws an invalid-request error carrying the
    /// id when one could be read, so the answer can still be matched.
    public init(json: JSONValue) throws(InvalidMessage) {
        guard case .object(let o) = json else { throw InvalidMessage(id: nil, reason: "a message must be a JSON object") }
        let rawID = o["id"]
        var id: RequestID?
        if let rawID, !rawID.isNull {
            guard let parsed = RequestID(rawID) else { throw InvalidMessage(id: nil, reason: "id must be a string or an integer") }
            id = parsed
        }
        guard o["jsonrpc"] == .string("2.0") else { throw InvalidMessage(id: id, reason: "jsonrpc must be \"2.0\"") }
        if let method = o["method"] {
            guard let name = method.stringValue else { throw InvalidMessage(id: id, reason: "method must be a string") }
            let params = o["params"]
            if let params {
                switch params {
                case .object, .array: break
                default: throw InvalidMessage(id: id, reason: "params must be an object or an array")
                }
            }
            if rawID == nil {
                self = .notification(method: name, params: params)
            } else if let id {
                self = .request(id: id, method: name, params: params)
            } else {
                throw InvalidMessage(id: nil, reason: "id must not be null")
            }
            return
        }
        if let result = o["result"] {
            guard let id else { throw InvalidMessage(id: nil, reason: "a response needs an id") }
            self = .response(id: id, result: result)
            return
        }
        if let error = o["error"] {
            guard let e = RPCError(json: error) else { throw InvalidMessage(id: id, reason: "malformed error object") }
            self = .errorResponse(id: id, error: e)
            return
        }
        throw InvalidMessage(id: id, reason: "neither a request nor a response")
    }

    public var json: JSONValue {
        switch self {
        case .request(let id, let method, let params):
            var o: [String: JSONValue] = ["jsonrpc": "2.0", "id": id.json, "method": .string(method)]
            if let params { o["params"] = params }
            return .object(o)
        case .notification(let method, let params):
            var o: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
            if let params { o["params"] = params }
            return .object(o)
        case .response(let id, let result):
            return ["jsonrpc": "2.0", "id": id.json, "result": result]
        case .errorResponse(let id, let error):
            return ["jsonrpc": "2.0", "id": id?.json ?? .null, "error": error.json]
        }
    }
}

/// A structurally invalid message (-32600).
public struct InvalidMessage: Error, Sendable {
    public var id: RequestID?
    public var reason: String
}
