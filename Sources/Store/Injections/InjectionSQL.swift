import Foundation

/// Statements on `run_injections`, shared by the repository and the step
/// commit that consumes a step's injections in its own transaction.
enum InjectionSQL {
    static let roles: Set<String> = ["user", "system"]

    /// Marks `ids` consumed by `step`. Every one must still be waiting: an
    /// injection consumed twice would be read twice (`.conflict`).
    static func consume(_ c: any SQLConnection, _ ids: [String], step: Int, runID: String, scope: Scope, now: Date) throws {
        for id in ids {
            let row = try c.queryFirst("""
                UPDATE run_injections SET consumed_step = \(.int(step)), consumed_at = \(.date(now))
                WHERE \(.inScope(scope)) AND run_id = \(.text(runID)) AND id = \(.text(id)) AND consumed_step IS NULL
                RETURNING id
                """)
            if row == nil { throw StoreError(.conflict, "injection \(id) of run \(runID) is not waiting", field: "injection_id") }
        }
    }
}
