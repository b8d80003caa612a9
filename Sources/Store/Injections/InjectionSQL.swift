import Foundation

/// Statements on `run_injections`, shared by the repository and the step
/// commit that consumes a step's injections in its own transaction.
enum InjectionSQL {
    static let columns = "org_id, id, user_id, project_id, run_id, role, message, created_at, consumed_step, consumed_at"
    static let roles: Set<String> = ["user", "system"]

    static func decode(_ row: Row) throws -> Injection {
        Injection(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            role: try row.string("role"),
            message: try row.string("message"),
            createdAt: try row.date("created_at"),
            consumedStep: row.optionalInt("consumed_step"),
            consumedAt: row.optionalDate("consumed_at"))
    }

    /// Marks `ids` consumed by `step`. Every one must still be waiting: an
    /// injection consumed twice would be read twice (`.conflict`).
    static func consume(_ c: any SQLConnection, _ ids: [String], step: Int, runID: String, scope: Scope, now: Date) throws {
        for id in ids {
            let row = try c.queryFirst(
                """
                UPDATE run_injections SET consumed_step = $6, consumed_at = $7
                WHERE \(RunSQL.scopeClause) AND run_id = $4 AND id = $5 AND consumed_step IS NULL
                RETURNING id
                """,
                RunSQL.scopeParameters(scope) + [.text(runID), .text(id), .int(step), .date(now)])
            if row == nil { throw StoreError(.conflict, "injection \(id) of run \(runID) is not waiting", field: "injection_id") }
        }
    }
}
