import Foundation

extension Injection: RowDecodable {
    /// Every column of `run_injections`.
    static let columns = "org_id, id, user_id, project_id, run_id, role, message, created_at, consumed_step, consumed_at"

    public init(row: Row) throws {
        self.init(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            role: try row.string("role"),
            message: try row.string("message"),
            createdAt: try row.date("created_at"),
            consumedStep: row.optionalInt("consumed_step"),
            consumedAt: row.optionalDate("consumed_at"))
    }
}
