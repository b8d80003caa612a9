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
            try c.query(
                """
                SELECT \(RunSQL.columns) FROM runs
                WHERE \(RunSQL.scopeClause) AND session_key = $4 AND status = 'completed' AND parent_run_id IS NULL
                  AND id <> $5 AND (created_at < $6 OR (created_at = $6 AND id < $5))
                ORDER BY created_at DESC, id DESC LIMIT $7
                """,
                RunSQL.scopeParameters(scope) + [.text(run.sessionKey), .text(run.id), .date(run.createdAt), .int(limit)]
            ).map(RunSQL.decode).reversed()
        }
    }
}
