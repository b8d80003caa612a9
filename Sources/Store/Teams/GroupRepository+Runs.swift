import Foundation

extension GroupRepository {
    /// Milliseconds between `started_at` and `ended_at`, in the dialect's SQL.
    static func durationMs(_ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: "(julianday(ended_at) - julianday(started_at)) * 86400000.0"
        case .postgres: "EXTRACT(EPOCH FROM (ended_at - started_at)) * 1000"
        }
    }

    /// The group's runs in one private scope, counted in SQL; nil when the
    /// group is not in the scope's (org, project).
    public func stats(_ groupID: String, in scope: Scope) async throws -> GroupStats? {
        let duration = Self.durationMs(database.dialect)
        return try await database.transaction(.tenant(scope), .read) { c in
            guard try Self.fetch(c, groupID, scope: scope, byName: false) != nil else { return nil }
            guard let row = try c.queryFirst(
                """
                SELECT COUNT(*) AS run_count,
                    COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS completed_count,
                    COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed_count,
                    AVG(CASE WHEN ended_at IS NOT NULL AND started_at IS NOT NULL THEN \(duration) END) AS avg_duration_ms
                FROM runs WHERE \(RunSQL.scopeClause) AND agent_id = $4
                """, RunSQL.scopeParameters(scope) + [.text(Self.agentID(of: groupID))])
            else { return GroupStats(runCount: 0, completedCount: 0, failedCount: 0, successRate: 0, avgDurationMs: nil) }
            let runs = try row.int("run_count")
            let completed = try row.int("completed_count")
            return GroupStats(runCount: runs, completedCount: completed, failedCount: try row.int("failed_count"),
                              successRate: runs == 0 ? 0 : Double(completed) / Double(runs), avgDurationMs: row["avg_duration_ms"].double)
        }
    }

    /// The group's runs (the parents) in one private scope, newest first;
    /// nil when the group is not in the scope's (org, project).
    public func runs(_ groupID: String, in scope: Scope, limit: Int = 20, offset: Int = 0) async throws -> [Run]? {
        try await database.transaction(.tenant(scope), .read) { c in
            guard try Self.fetch(c, groupID, scope: scope, byName: false) != nil else { return nil }
            return try c.query(
                """
                SELECT \(RunSQL.columns) FROM runs WHERE \(RunSQL.scopeClause) AND agent_id = $4
                ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6
                """, RunSQL.scopeParameters(scope) + [.text(Self.agentID(of: groupID)), .int(min(max(limit, 1), 100)), .int(max(offset, 0))]
            ).map(RunSQL.decode)
        }
    }
}
