import RPC
import Runtime
import Store

/// The blackboard methods' handlers: decode → runtime → encode.
enum BlackboardHandlers {
    static func register(_ table: inout MethodTable, _ host: HostContext) {
        table.register(BlackboardList.self) { p, _ in
            guard let entries = try await host.runtime().database.blackboard.list(p.groupID, in: try await host.scope(p.scope), type: p.type,
                                                                                  runID: p.runID, limit: p.limit ?? 50)
            else { throw GroupsHandlers.notFound(p.groupID) }
            return ["entries": .array(entries.map(TeamViews.entry))]
        }
        table.register(BlackboardGet.self) { p, _ in
            guard let entry = try await host.runtime().database.blackboard.get(p.entryID, groupID: p.groupID, in: try await host.scope(p.scope)) else {
                throw TeamError.notFound("blackboard entry", p.entryID, path: "params.entry_id")
            }
            return TeamViews.entry(entry)
        }
        table.register(BlackboardWrite.self) { p, _ in
            try PayloadLimits.check(p.content, limit: host.limits.blackboardEntryBytes, path: "params.content")
            try PayloadLimits.check(p.metadata, limit: host.limits.metadataBytes, path: "params.metadata")
            let entry = try await host.runtime().teams.write(
                NewBlackboardEntry(groupID: p.groupID, type: p.type, content: p.content, refs: (p.refs ?? []).description, roleID: p.roleID,
                                   metadata: (p.metadata ?? [:]).description), in: try await host.scope(p.scope))
            return TeamViews.entry(entry)
        }
    }
}
