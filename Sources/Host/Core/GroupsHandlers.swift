import Foundation
import RPC
import Runtime
import Store

/// The groups, members and group-run methods' handlers: decode → runtime → encode.
enum GroupsHandlers {
    static func register(_ table: inout MethodTable, _ host: HostContext) {
        table.register(GroupsCreate.self) { p, _ in
            let scope = try await host.scope(project(p.projectID, p.scope))
            let group = try await host.runtime().database.groups.create(
                NewGroup(name: p.name, description: p.description ?? "", config: (p.config ?? [:]).description), in: scope)
            return TeamViews.group(group)
        }
        table.register(GroupsList.self) { p, _ in
            ["groups": .array(try await host.runtime().database.groups.list(in: try await host.scope(project(p.projectID, p.scope))).map(TeamViews.group))]
        }
        table.register(GroupsGet.self) { p, _ in
            guard let group = try await host.runtime().database.groups.get(p.groupID, in: try await host.scope(p.scope)) else { throw notFound(p.groupID) }
            return TeamViews.group(group)
        }
        table.register(GroupsUpdate.self) { p, _ in
            let change = GroupChange(name: p.name, description: p.description, config: p.config?.description)
            guard let group = try await host.runtime().database.groups.update(p.groupID, in: try await host.scope(p.scope), change) else { throw notFound(p.groupID) }
            return TeamViews.group(group)
        }
        table.register(GroupsDelete.self) { p, _ in
            guard try await host.runtime().database.groups.delete(p.groupID, in: try await host.scope(p.scope), force: p.force ?? false) else { throw notFound(p.groupID) }
            return ["deleted": true, "group_id": .string(p.groupID)]
        }
        table.register(GroupsStats.self) { p, _ in
            guard let stats = try await host.runtime().database.groups.stats(p.groupID, in: try await host.scope(p.scope)) else { throw notFound(p.groupID) }
            return ["group_id": .string(p.groupID), "run_count": .int(Int64(stats.runCount)), "completed_count": .int(Int64(stats.completedCount)),
                    "failed_count": .int(Int64(stats.failedCount)), "success_rate": .double(stats.successRate),
                    "avg_duration_ms": stats.avgDurationMs.map { .double(max(0, $0)) } ?? .null]
        }
        table.register(GroupsRuns.self) { p, _ in
            guard let runs = try await host.runtime().database.groups.runs(p.groupID, in: try await host.scope(p.scope), limit: p.limit ?? 20, offset: p.offset ?? 0)
            else { throw notFound(p.groupID) }
            return ["runs": .array(runs.map(TeamViews.groupRun))]
        }
        table.register(GroupsBatchDelete.self) { p, _ in
            let outcome = try await host.runtime().database.groups.batchDelete(p.ids, in: try await host.scope(p.scope), force: p.force ?? false)
            return ["deleted": .int(Int64(try RolesHandlers.deleted(outcome, kind: "groups", inUse: "a group run is active (%@); wait, cancel it, or pass force",
                                                                     code: .invalidState)))]
        }
        table.register(GroupsAssignProject.self) { p, _ in
            let moved = try await host.runtime().teams.assignProject(p.projectID, includeExisting: p.includeExisting ?? false, in: try await host.scope(p.scope))
            return ["project_id": .string(p.projectID), "include_existing": .bool(p.includeExisting ?? false),
                    "updated": .int(Int64(moved.groups.count)), "roles_updated": .int(Int64(moved.roles.count))]
        }
        table.register(GroupMembersAdd.self) { p, _ in
            TeamViews.member(try await host.runtime().database.groups.addMember(to: p.groupID, roleID: p.roleID, ordinal: p.ordinal, in: try await host.scope(p.scope)))
        }
        table.register(GroupMembersList.self) { p, _ in
            guard let members = try await host.runtime().database.groups.members(of: p.groupID, in: try await host.scope(p.scope)) else { throw notFound(p.groupID) }
            return ["members": .array(members.map(TeamViews.member))]
        }
        table.register(GroupMembersUpdate.self) { p, _ in
            guard let member = try await host.runtime().database.groups.updateMember(p.memberID, of: p.groupID, ordinal: p.ordinal, in: try await host.scope(p.scope))
            else { throw TeamError.notFound("member", p.memberID, path: "params.member_id") }
            return TeamViews.member(member)
        }
        table.register(GroupMembersRemove.self) { p, _ in
            guard try await host.runtime().database.groups.removeMember(p.memberID, of: p.groupID, in: try await host.scope(p.scope)) else {
                throw TeamError.notFound("member", p.memberID, path: "params.member_id")
            }
            return ["removed": true, "member_id": .string(p.memberID)]
        }
        table.register(GroupRunsCreate.self) { p, _ in
            try PayloadLimits.check(p.input, limit: host.limits.inputBytes, path: "params.input")
            let engine = try await host.runtime()
            let created = try await engine.teams.createRun(group: p.groupID, input: p.input, sessionKey: p.sessionKey, llm: llm(p.llmConfig),
                                                           in: try await host.scope(p.scope))
            guard case .object(var view) = try JSONValueCoding.encode(RunView(created.parent)) else { return .null }
            view["children"] = .array(created.children.map { ["run_id": .string($0.id), "role_id": .string($0.roleID ?? ""), "session_key": .string($0.sessionKey)] })
            return .object(view)
        }
    }

    /// `project_id` given beside the scope names the project.
    static func project(_ projectID: String?, _ scope: ScopeParams?) -> ScopeParams? {
        guard let projectID else { return scope }
        var merged = scope ?? ScopeParams()
        merged.projectID = projectID
        return merged
    }

    static func llm(_ c: RunsCreate.LLMConfig?) -> AgentSpec {
        var spec = AgentSpec()
        spec.provider = c?.provider
        spec.model = c?.model
        spec.baseURL = c?.baseURL
        spec.temperature = c?.temperature
        spec.maxTokens = c?.maxTokens
        return spec
    }

    static func notFound(_ id: String) -> RuntimeError { TeamError.notFound("group", id, path: "params.group_id") }
}
