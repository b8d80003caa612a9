import Foundation
import JSON
import RPC
import Runtime

/// The host's methods: one list of types, each with its params, result,
/// schemas, example and body (`HostMethod`). The table decodes params
/// (checked against the schema first), gives the body a `HandlerContext`,
/// encodes the result once, and maps any error to JSON-RPC once.
public enum HostMethods {
    static let methods: [any HostMethod.Type] = [
        Initialize.self, Shutdown.self, SystemHealth.self, SystemUsage.self, RPCDiscover.self, ToolsList.self, MCPServersList.self,
        RunsCreate.self, RunsGet.self, RunsList.self, SessionsRuns.self, RunsEvents.self, RunsSubscribe.self, RunsUnsubscribe.self,
        RunsCancel.self, RunsApprove.self, RunsReject.self, RunsInject.self, RunsExport.self, RunsChildren.self,
        RolesCreate.self, RolesList.self, RolesGet.self, RolesUpdate.self, RolesDelete.self, RolesStats.self, RolesBatchDelete.self,
        GroupsCreate.self, GroupsList.self, GroupsGet.self, GroupsUpdate.self, GroupsDelete.self, GroupsStats.self, GroupsRuns.self,
        GroupsBatchDelete.self, GroupsAssignProject.self,
        GroupMembersAdd.self, GroupMembersList.self, GroupMembersUpdate.self, GroupMembersRemove.self, GroupRunsCreate.self,
        BlackboardList.self, BlackboardGet.self, BlackboardWrite.self,
        SkillsCreate.self, SkillsList.self, SkillsGet.self, SkillsUpdate.self, SkillsDelete.self,
        MemoryWrite.self, MemorySearch.self, MemoryGet.self, MemoryList.self, MemoryDelete.self, MemoryCoreGet.self, MemoryCoreSet.self,
        TokensVerify.self, TokensStatus.self, UploadsCreate.self, UploadsGet.self, UploadsDelete.self,
        JobsList.self, JobsGet.self, JobsCancel.self, JobsEvents.self, JobsSubscribe.self, IngestPDF.self,
        FeishuCreate.self, FeishuList.self, FeishuGet.self, FeishuUpdate.self, FeishuDelete.self, FeishuSync.self, FeishuJobs.self,
    ]

    static let notifications: [any HostNotification.Type] = [Exit.self]

    /// Notifications the host sends; `schemas/` describes their params.
    static let outgoing: [any HostOutgoingNotification.Type] = [RunsEventNotification.self, RunsSubscriptionEndedNotification.self, JobsEventNotification.self]

    public static func table(_ host: HostContext) -> MethodTable {
        var table = MethodTable()
        for method in methods { table.add(method, host: host) }
        for notification in notifications { table.add(notification, host: host) }
        return table
    }
}

extension MethodTable {
    mutating func add<M: HostMethod>(_ method: M.Type, host: HostContext) {
        register(method) { params, request in
            do {
                return try await M.handle(params, HandlerContext(host: host, request: request))
            } catch {
                throw ErrorMapping.rpc(error) ?? error
            }
        }
    }

    mutating func add<M: HostNotification>(_ method: M.Type, host: HostContext) {
        registerNotification(method) { params, request in
            try await M.handle(params, HandlerContext(host: host, request: request))
        }
    }
}
