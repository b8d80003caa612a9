import Foundation

extension RunRepository {
    /// The earlier turns of a session as a run in it sees them: the last
    /// `limit` completed top-level runs (no `parent_run_id`) of `scope` and
    /// `sessionKey` created before `run` (by `created_at`, then id), oldest
    /// first. Group member runs have their own session keys and a parent, so
    /// they never count; neither do failed or cancelled runs.
    public func sessionHistory(of run: Run, limit: Int, in scope: Scope) async throws -> [Run] {
        guard limit > 0 else { return [] }
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.query("""
                SELECT \(raw: Run.columns) FROM runs
                WHERE \(.inScope(scope)) AND session_key = \(.text(run.sessionKey)) AND status = 'completed' AND parent_run_id IS NULL
                  AND id <> \(.text(run.id))
                  AND (created_at < \(.date(run.createdAt)) OR (created_at = \(.date(run.createdAt)) AND id < \(.text(run.id))))
                ORDER BY created_at DESC, id DESC LIMIT \(.int(limit))
                """, as: Run.self).reversed()
        }
    }
}
