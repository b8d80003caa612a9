import JSON
import Store

/// A group's blackboard: entries written as episodic memory of the group
/// (shared within its org and project), read back newest first.
extension TeamService {
    /// Newest first, at most `limit`, optionally of one type or one group run.
    public func entries(of groupID: String, type: String? = nil, runID: String? = nil, limit: Int = 50, in scope: Scope) async throws -> [BlackboardEntry] {
        guard let entries = try await stores.blackboard.list(groupID, in: scope, type: type, runID: runID, limit: limit) else {
            throw Self.groupNotFound(groupID)
        }
        return entries
    }

    /// An entry of another group reads as not found.
    public func entry(_ entryID: String, of groupID: String, in scope: Scope) async throws -> BlackboardEntry {
        guard let entry = try await stores.blackboard.get(entryID, groupID: groupID, in: scope) else {
            throw TeamError.notFound("blackboard entry", entryID, path: "params.entry_id")
        }
        return entry
    }

    /// Writes an entry for a user or, with `roleID`, for a member role of
    /// the group; a decision may come only from the group's lead (-32007).
    public func write(to groupID: String, type: String, content: String, refs: JSONValue = [], roleID: String? = nil, metadata: JSONValue = [:],
                      in scope: Scope) async throws -> BlackboardEntry {
        if let roleID {
            let members = try await members(of: groupID, in: scope)
            guard let member = members.first(where: { $0.roleID == roleID }) else {
                throw TeamError.notFound("role in this group", roleID, path: "params.role_id")
            }
            if type == "decision" && !member.isLead {
                throw TeamError.forbidden("only the group's lead may write a decision; \(member.roleName) is not the lead", path: "params.type")
            }
        }
        let new = NewBlackboardEntry(groupID: groupID, type: type, content: content, refs: refs.description, roleID: roleID, metadata: metadata.description)
        do {
            return try await memory.blackboard.write(new, in: scope)
        } catch let error as StoreError where error.code == .notFound {
            throw Self.groupNotFound(groupID)
        }
    }
}
