import JSON
import Store

/// Groups and their members: roles in order, one of them the lead, shared
/// within the caller's (org, project); found by id or by name.
extension TeamService {
    /// `config` is the group's settings object (`fail_fast`); -32004 (from the store) when the name is taken.
    public func createGroup(name: String, description: String = "", config: JSONValue = [:], in scope: Scope) async throws -> Group {
        try await stores.groups.create(NewGroup(name: name, description: description, config: config.description), in: scope)
    }

    /// Newest first.
    public func groups(in scope: Scope) async throws -> [Group] {
        try await stores.groups.list(in: scope)
    }

    public func group(_ idOrName: String, in scope: Scope) async throws -> Group {
        guard let group = try await stores.groups.get(idOrName, in: scope) else { throw Self.groupNotFound(idOrName) }
        return group
    }

    /// Changes the fields given; runs already created keep the group as it was.
    public func updateGroup(_ idOrName: String, name: String? = nil, description: String? = nil, config: JSONValue? = nil,
                            in scope: Scope) async throws -> Group {
        let change = GroupChange(name: name, description: description, config: config?.description)
        guard let group = try await stores.groups.update(idOrName, in: scope, change) else { throw Self.groupNotFound(idOrName) }
        return group
    }

    /// Deletes the group with its members and blackboard (its runs stay);
    /// refused (a store invalid-state error) while a group run is active, unless `force`.
    public func deleteGroup(_ idOrName: String, force: Bool, in scope: Scope) async throws {
        guard try await stores.groups.delete(idOrName, in: scope, force: force) else { throw Self.groupNotFound(idOrName) }
    }

    /// All or nothing; the number deleted.
    public func deleteGroups(_ ids: [String], force: Bool, in scope: Scope) async throws -> Int {
        try Self.deletedCount(try await stores.groups.batchDelete(ids, in: scope, force: force), kind: "groups", code: .invalidState) {
            "a group run is active (\($0)); wait, cancel it, or pass force"
        }
    }

    /// The group's run figures in the caller's private scope.
    public func groupStats(_ idOrName: String, in scope: Scope) async throws -> GroupStats {
        guard let stats = try await stores.groups.stats(idOrName, in: scope) else { throw Self.groupNotFound(idOrName) }
        return stats
    }

    /// The group's runs (the parents) in the caller's private scope, newest first.
    public func groupRuns(_ idOrName: String, limit: Int = 20, offset: Int = 0, in scope: Scope) async throws -> [Run] {
        guard let runs = try await stores.groups.runs(idOrName, in: scope, limit: limit, offset: offset) else { throw Self.groupNotFound(idOrName) }
        return runs
    }

    /// Moves the caller's project-less groups (and, with `includeExisting`,
    /// those of the caller's project) into `projectID` with their member
    /// roles; -32004 naming the clashing names when the target project
    /// already has one of them, and then nothing moves.
    public func assignProject(_ projectID: String, includeExisting: Bool, in scope: Scope) async throws -> (groups: [String], roles: [String]) {
        switch try await stores.groups.assignProject(projectID, includeCurrent: includeExisting, in: scope) {
        case .moved(let groups, let roles):
            return (groups, roles)
        case .conflict(let groups, let roles):
            let names = groups.map { "group \($0)" } + roles.map { "role \($0)" }
            throw TeamError.nameClash("nothing moved: these names would be taken twice in project \(projectID): \(names.joined(separator: ", "))", groups: groups, roles: roles)
        }
    }

    // MARK: Members

    /// Adds a role at `ordinal` (default: after the last member); a role already in the group is -32004 (from the store).
    public func addMember(to groupID: String, roleID: String, ordinal: Int? = nil, in scope: Scope) async throws -> GroupMember {
        try await stores.groups.addMember(to: groupID, roleID: roleID, ordinal: ordinal, in: scope)
    }

    /// By ordinal.
    public func members(of groupID: String, in scope: Scope) async throws -> [GroupMember] {
        guard let members = try await stores.groups.members(of: groupID, in: scope) else { throw Self.groupNotFound(groupID) }
        return members
    }

    public func moveMember(_ memberID: String, of groupID: String, to ordinal: Int, in scope: Scope) async throws -> GroupMember {
        guard let member = try await stores.groups.updateMember(memberID, of: groupID, ordinal: ordinal, in: scope) else {
            throw Self.memberNotFound(memberID)
        }
        return member
    }

    /// The role stays.
    public func removeMember(_ memberID: String, of groupID: String, in scope: Scope) async throws {
        guard try await stores.groups.removeMember(memberID, of: groupID, in: scope) else { throw Self.memberNotFound(memberID) }
    }

    static func groupNotFound(_ id: String) -> RuntimeError { TeamError.notFound("group", id, path: "params.group_id") }
    static func memberNotFound(_ id: String) -> RuntimeError { TeamError.notFound("member", id, path: "params.member_id") }
}
