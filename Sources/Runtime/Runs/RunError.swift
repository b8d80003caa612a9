import RPC
import Store

/// Failures of the runs API, mapped to JSON-RPC once, here.
public struct RunError: Error, RPCErrorConvertible, Sendable {
    public var rpcError: RPCError

    public static func notFound(_ runID: String) -> RunError {
        RunError(rpcError: RPCError(code: .notFound, message: "run not found: \(runID)", data: ["run_id": .string(runID)]))
    }

    public static func sessionBusy(_ session: String, active: [String]) -> RunError {
        RunError(rpcError: RPCError(code: .sessionBusy, message: "session \(session) already has an active run",
                                    data: ["session_key": .string(session), "active_run_ids": .array(active.map(JSONValue.string))]))
    }

    public static func invalidState(_ message: String, runID: String, status: String) -> RunError {
        RunError(rpcError: RPCError(code: .invalidState, message: message, data: ["run_id": .string(runID), "status": .string(status)]))
    }
}

extension StoreError: RPCErrorConvertible {
    /// The JSON-RPC form of a storage failure.
    public var rpcError: RPCError {
        var data: [String: JSONValue] = [:]
        if let field { data["path"] = .string("params." + field) }
        switch code {
        case .notFound: return RPCError(code: .notFound, message: message, data: data.isEmpty ? nil : .object(data))
        case .conflict: return RPCError(code: .conflict, message: message, data: data.isEmpty ? nil : .object(data))
        case .invalidInput: return RPCError(code: .invalidParams, message: message, data: .object(data.isEmpty ? ["path": "params"] : data))
        case .invalidState: return RPCError(code: .invalidState, message: message)
        case .busy, .unavailable: return RPCError(code: .storageUnavailable, message: message)
        default: return RPCError(code: .internalError, message: "storage error: \(message)")
        }
    }
}
