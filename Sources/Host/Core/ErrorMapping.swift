import JSON
import Memory
import RPC
import Runtime
import Store

/// The one place where an error of any layer becomes a JSON-RPC error
/// (codes in `ErrorCatalog`): the runtime, memory and storage know nothing
/// of RPC. `data.path` names the offending field whenever there is one.
enum ErrorMapping {
    static func rpc(_ error: any Error) -> RPCError? {
        switch error {
        case let e as RPCError: return e
        case let e as RuntimeError: return runtime(e)
        case let e as StoreError: return store(e)
        case let e as MemoryError: return memory(e)
        case let e as JSONDecodingFailure: return .invalidParams(e.message, path: e.path)
        default: return nil
        }
    }

    static func runtime(_ e: RuntimeError) -> RPCError {
        let code: RPCError.Code
        switch e.code {
        case .invalidInput: code = .invalidParams
        case .invalidScope: code = .invalidScope
        case .notFound: code = .notFound
        case .conflict: code = .conflict
        case .invalidState: code = .invalidState
        case .sessionBusy: code = .sessionBusy
        case .forbidden: code = .policyBlocked
        case .tooLarge: code = .payloadTooLarge
        case .providerFailed: code = .providerError
        case .unauthorized: code = .unauthorized
        case .disabled: code = .featureDisabled
        default: code = .internalError
        }
        var data = e.details
        if let path = e.path { data["path"] = .string(path) }
        if code == .invalidParams && data["path"] == nil { data["path"] = "params" }
        return RPCError(code: code, message: e.message, data: data.isEmpty ? nil : .object(data))
    }

    static func store(_ e: StoreError) -> RPCError {
        var data: [String: JSONValue] = [:]
        if let field = e.field { data["path"] = .string("params." + field) }
        switch e.code {
        case .notFound: return RPCError(code: .notFound, message: e.message, data: data.isEmpty ? nil : .object(data))
        case .conflict: return RPCError(code: .conflict, message: e.message, data: data.isEmpty ? nil : .object(data))
        case .invalidInput: return RPCError(code: .invalidParams, message: e.message, data: .object(data.isEmpty ? ["path": "params"] : data))
        case .invalidState: return RPCError(code: .invalidState, message: e.message)
        case .busy, .unavailable: return RPCError(code: .storageUnavailable, message: e.message)
        default: return RPCError(code: .internalError, message: "storage error: \(e.message)")
        }
    }

    /// Bad memory input (a core block over its cap included) is -32602 with
    /// `data.path`; a value over its size limit -32011 with `data.limit`.
    static func memory(_ e: MemoryError) -> RPCError {
        let path: JSONValue = .string("params" + (e.field.map { "." + $0 } ?? ""))
        switch e.code {
        case .invalidInput, .limitExceeded: return RPCError(code: .invalidParams, message: e.message, data: ["path": path])
        case .notFound: return RPCError(code: .notFound, message: e.message)
        case .embedderFailed: return RPCError(code: .embeddingFailed, message: e.message)
        case .tooLarge:
            var data: [String: JSONValue] = ["path": path]
            if let limit = e.limit { data["limit"] = .int(Int64(limit)) }
            return RPCError(code: .payloadTooLarge, message: e.message, data: .object(data))
        default: return RPCError(code: .internalError, message: e.message)
        }
    }
}
