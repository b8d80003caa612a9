import Foundation
import JSON
import Store

/// Roles: a prompt, tool lists and a model, shared within the caller's
/// (org, project), named uniquely there; found by id or by name.
extension TeamService {
    /// -32004 (from the store) when the name is taken.
    public func createRole(_ draft: RoleDraft, in scope: Scope) async throws -> Role {
        try await stores.roles.create(draft.record, in: scope)
    }

    /// By name.
    public func roles(in scope: Scope) async throws -> [Role] {
        try await stores.roles.list(in: scope)
    }

    public func role(_ idOrName: String, in scope: Scope) async throws -> Role {
        guard let role = try await stores.roles.get(idOrName, in: scope) else { throw Self.roleNotFound(idOrName) }
        return role
    }

    /// Changes the fields `patch` sets; runs already created keep the role as it was.
    public func updateRole(_ idOrName: String, _ patch: RolePatch, in scope: Scope) async throws -> Role {
        guard let role = try await stores.roles.update(idOrName, in: scope, patch.record) else { throw Self.roleNotFound(idOrName) }
        return role
    }

    /// A group member is refused (a store conflict naming its groups) unless
    /// `force`, which removes its memberships with it.
    public func deleteRole(_ idOrName: String, force: Bool, in scope: Scope) async throws {
        guard try await stores.roles.delete(idOrName, in: scope, force: force) else { throw Self.roleNotFound(idOrName) }
    }

    /// All or nothing; the number deleted.
    public func deleteRoles(_ ids: [String], force: Bool, in scope: Scope) async throws -> Int {
        try Self.deletedCount(try await stores.roles.batchDelete(ids, in: scope, force: force), kind: "roles", code: .conflict) {
            "some roles are group members (in groups \($0)); remove them or pass force"
        }
    }

    /// What the role did in the caller's private scope between `from` and `to`, and the groups it is in.
    public func roleStats(_ idOrName: String, from: Date?, to: Date?, in scope: Scope) async throws -> RoleStats {
        guard let stats = try await stores.roles.stats(idOrName, in: scope, from: from, to: to) else { throw Self.roleNotFound(idOrName) }
        return stats
    }

    static func roleNotFound(_ id: String) -> RuntimeError { TeamError.notFound("role", id, path: "params.role_id") }
}

extension TeamService {
    /// A single run's agent playing a role outside any group (MCP
    /// `run_agent {role_id}`): the role's `model` block, its prompt and style
    /// as the system prompt, and its tool lists as the tools the agent may use.
    public func agent(playing idOrName: String, in scope: Scope) async throws -> (AgentSpec, Role) {
        let role = try await role(idOrName, in: scope)
        var spec = AgentSpec()
        if let model = role.model, let value = try? JSONParser.parse(model), value != .null {
            spec = try JSONValueCoding.decode(AgentSpec.self, from: value, path: "model")
        }
        spec.systemPrompt = [role.systemPrompt, TeamContext.styleNote(role.styleConstraints)]
            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        let allowed = Self.names(role.allowedTools), denied = Self.names(role.deniedTools)
        if !allowed.isEmpty || !denied.isEmpty {
            let binding = RoleBinding(roleID: role.id, name: role.name, lead: false, groupID: "", groupName: "", allowedTools: allowed, deniedTools: denied)
            spec.tools = runs.tools.all.map(\.name).filter(binding.admits)
        }
        return (spec, role)
    }
}
