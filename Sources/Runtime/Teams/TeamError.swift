import RPC
import Store

/// Failures of the teams API, mapped to JSON-RPC once, here.
public struct TeamError: Error, RPCErrorConvertible, Sendable {
    public var rpcError: RPCError

    public static func notFound(_ kind: String, _ id: String, path: String) -> TeamError {
        TeamError(rpcError: RPCError(code: .notFound, message: "\(kind) not found: \(id)", data: ["path": .string(path), "id": .string(id)]))
    }

    /// A batch delete named ids that do not exist in the caller's scope; nothing was deleted.
    public static func missing(_ kind: String, _ ids: [String]) -> TeamError {
        TeamError(rpcError: RPCError(code: .notFound, message: "no \(kind) deleted: not found: \(ids.joined(separator: ", "))",
                                     data: ["path": "params.ids", "missing": .array(ids.map(JSONValue.string))]))
    }

    /// The group cannot run as it is (no lead, two leads, no other members).
    public static func notRunnable(_ message: String, groupID: String) -> TeamError {
        TeamError(rpcError: RPCError(code: .invalidState, message: message, data: ["group_id": .string(groupID)]))
    }

    public static func inUse(_ message: String, ids: [String], code: RPCError.Code) -> TeamError {
        TeamError(rpcError: RPCError(code: code, message: message, data: ["ids": .array(ids.map(JSONValue.string))]))
    }

    /// Moving into a project would give it two groups or two roles of one name.
    public static func nameClash(_ message: String, groups: [String], roles: [String]) -> TeamError {
        TeamError(rpcError: RPCError(code: .conflict, message: message, data: [
            "path": "params.project_id", "groups": .array(groups.map(JSONValue.string)), "roles": .array(roles.map(JSONValue.string)),
        ]))
    }

    public static func forbidden(_ message: String, path: String) -> TeamError {
        TeamError(rpcError: RPCError(code: .policyBlocked, message: message, data: ["path": .string(path)]))
    }
}
