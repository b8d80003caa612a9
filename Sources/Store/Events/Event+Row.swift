import Foundation

extension Event: RowDecodable {
    /// Every column of `events`, in the order an insert binds them.
    static let columns = "org_id, run_id, seq, id, user_id, project_id, type, ts, step, group_id, role_id, message_type, payload"

    public init(row: Row) throws {
        self.init(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            seq: try row.int64("seq"),
            type: try row.string("type"),
            ts: try row.date("ts"),
            step: row.optionalInt("step"),
            groupID: row.optionalString("group_id"),
            roleID: row.optionalString("role_id"),
            messageType: row.optionalString("message_type"),
            payload: try row.string("payload"))
    }
}
