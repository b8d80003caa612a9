import Foundation

extension Approval: RowDecodable {
    static let columns = "org_id, id, user_id, project_id, run_id, call_id, tool_name, args, status, decision, reason, created_at, decided_at"

    public init(row: Row) throws {
        guard let status = ApprovalStatus(rawValue: try row.string("status")) else {
            throw StoreError(.internal, "approval has unknown status \(row["status"])")
        }
        self.init(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            callID: try row.string("call_id"),
            toolName: try row.string("tool_name"),
            args: try row.string("args"),
            status: status,
            decision: row.optionalString("decision").flatMap(ApprovalDecision.init(rawValue:)),
            reason: row.optionalString("reason"),
            createdAt: try row.date("created_at"),
            decidedAt: row.optionalDate("decided_at"))
    }
}

extension ToolGrant: RowDecodable {
    static let columns = "org_id, user_id, project_id, tool_name, created_at, decision"

    public init(row: Row) throws {
        self.init(
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            toolName: try row.string("tool_name"),
            createdAt: try row.date("created_at"),
            decision: Decision(rawValue: try row.string("decision")) ?? .allow)
    }
}
