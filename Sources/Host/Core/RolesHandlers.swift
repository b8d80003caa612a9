import RPC
import Runtime
import Store

/// The roles methods' handlers: decode → runtime → encode.
enum RolesHandlers {
    static func register(_ table: inout MethodTable, _ host: HostContext) {
        table.register(RolesCreate.self) { p, _ in
            let role = try await host.runtime().database.roles.create(
                NewRole(name: p.name, description: p.description ?? "", systemPrompt: p.systemPrompt ?? "", isLead: p.isLead ?? false,
                        allowedTools: json(p.allowedTools ?? []), deniedTools: json(p.deniedTools ?? []),
                        styleConstraints: (p.styleConstraints ?? [:]).description, model: p.model.map(\.description)),
                in: try await host.scope(p.scope))
            return TeamViews.role(role)
        }
        table.register(RolesList.self) { p, _ in
            ["roles": .array(try await host.runtime().database.roles.list(in: try await host.scope(p.scope)).map(TeamViews.role))]
        }
        table.register(RolesGet.self) { p, _ in
            guard let role = try await host.runtime().database.roles.get(p.roleID, in: try await host.scope(p.scope)) else { throw notFound(p.roleID) }
            return TeamViews.role(role)
        }
        table.register(RolesUpdate.self) { p, _ in
            let change = RoleChange(name: p.name, description: p.description, systemPrompt: p.systemPrompt, isLead: p.isLead,
                                    allowedTools: p.allowedTools.map(json), deniedTools: p.deniedTools.map(json),
                                    styleConstraints: p.styleConstraints?.description, model: p.model.map { $0?.description })
            guard let role = try await host.runtime().database.roles.update(p.roleID, in: try await host.scope(p.scope), change) else { throw notFound(p.roleID) }
            return TeamViews.role(role)
        }
        table.register(RolesDelete.self) { p, _ in
            guard try await host.runtime().database.roles.delete(p.roleID, in: try await host.scope(p.scope), force: p.force ?? false) else { throw notFound(p.roleID) }
            return ["deleted": true, "role_id": .string(p.roleID)]
        }
        table.register(RolesStats.self) { p, _ in
            let from = p.from.flatMap(ISO8601.parse), to = p.to.flatMap(ISO8601.parse)
            guard let stats = try await host.runtime().database.roles.stats(p.roleID, in: try await host.scope(p.scope), from: from, to: to) else {
                throw notFound(p.roleID)
            }
            return ["role_id": .string(p.roleID), "from": p.from.map(JSONValue.string) ?? .null, "to": p.to.map(JSONValue.string) ?? .null,
                    "runs": .int(Int64(stats.runs)), "completed": .int(Int64(stats.completed)), "failed": .int(Int64(stats.failed)),
                    "input_tokens": .int(stats.inputTokens), "output_tokens": .int(stats.outputTokens), "tool_calls": .int(Int64(stats.toolCalls)),
                    "group_count": .int(Int64(stats.groups.count)),
                    "groups": .array(stats.groups.map { ["id": .string($0.id), "name": .string($0.name)] })]
        }
        table.register(RolesBatchDelete.self) { p, _ in
            let outcome = try await host.runtime().database.roles.batchDelete(p.ids, in: try await host.scope(p.scope), force: p.force ?? false)
            return ["deleted": .int(Int64(try deleted(outcome, kind: "roles", inUse: "some roles are group members (in groups %@); remove them or pass force",
                                                       code: .conflict)))]
        }
    }

    static func json(_ names: [String]) -> String { JSONValue.array(names.map(JSONValue.string)).description }

    static func notFound(_ id: String) -> RuntimeError { TeamError.notFound("role", id, path: "params.role_id") }

    /// The count of a batch delete, or the error that says why nothing was deleted.
    static func deleted(_ outcome: BatchDeletion, kind: String, inUse: String, code: RuntimeError.Code) throws -> Int {
        switch outcome {
        case .deleted(let n): return n
        case .missing(let ids): throw TeamError.missing(kind, ids)
        case .inUse(let ids): throw TeamError.inUse("nothing deleted: " + inUse.replacingOccurrences(of: "%@", with: ids.joined(separator: ", ")), ids: ids, code: code)
        }
    }
}
