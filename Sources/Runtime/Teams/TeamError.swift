import JSON

/// The teams API's failures, named.
public enum TeamError {
    public static func notFound(_ kind: String, _ id: String, path: String) -> RuntimeError {
        RuntimeError(.notFound, "\(kind) not found: \(id)", path: path, details: ["id": .string(id)])
    }

    /// A batch delete named ids that do not exist in the caller's scope; nothing was deleted.
    public static func missing(_ kind: String, _ ids: [String]) -> RuntimeError {
        RuntimeError(.notFound, "no \(kind) deleted: not found: \(ids.joined(separator: ", "))", path: "params.ids",
                     details: ["missing": .array(ids.map(JSONValue.string))])
    }

    /// The group cannot run as it is (no lead, two leads, no other members).
    public static func notRunnable(_ message: String, groupID: String) -> RuntimeError {
        RuntimeError(.invalidState, message, details: ["group_id": .string(groupID)])
    }

    public static func inUse(_ message: String, ids: [String], code: RuntimeError.Code) -> RuntimeError {
        RuntimeError(code, message, details: ["ids": .array(ids.map(JSONValue.string))])
    }

    /// Moving into a project would give it two groups or two roles of one name.
    public static func nameClash(_ message: String, groups: [String], roles: [String]) -> RuntimeError {
        RuntimeError(.conflict, message, path: "params.project_id",
                     details: ["groups": .array(groups.map(JSONValue.string)), "roles": .array(roles.map(JSONValue.string))])
    }

    public static func forbidden(_ message: String, path: String) -> RuntimeError {
        RuntimeError(.forbidden, message, path: path)
    }
}
