import Memory
import RPC

extension MemoryError: RPCErrorConvertible {
    /// The JSON-RPC form of a memory failure: bad input (including a core
    /// block over its cap) is -32602 with `data.path`, as any bad param.
    public var rpcError: RPCError {
        let path: JSONValue = .string("params" + (field.map { "." + $0 } ?? ""))
        switch code {
        case .invalidInput, .limitExceeded: return RPCError(code: .invalidParams, message: message, data: ["path": path])
        case .notFound: return RPCError(code: .notFound, message: message)
        case .embedderFailed: return RPCError(code: .embeddingFailed, message: message)
        case .tooLarge:
            var data: [String: JSONValue] = ["path": path]
            if let limit { data["limit"] = .int(Int64(limit)) }
            return RPCError(code: .payloadTooLarge, message: message, data: .object(data))
        default: return RPCError(code: .internalError, message: message)
        }
    }
}
