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
            let stats = try c.queryFirst(
                """
                SELECT COUNT(*) AS run_count,
                    COALESCE(SUM(CASE WHEN status = 'completed' THEN 1 ELSE 0 END), 0) AS completed_count,
                    COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0) AS failed_count,
                    AVG(CASE WHEN ended_at IS NOT NULL AND started_at IS NOT NULL THEN \(raw: duration) END) AS avg_duration_ms
                FROM runs WHERE \(.inScope(scope)) AND agent_id = \(.text(Self.agentID(of: groupID)))
                """, as: GroupStats.self)
            return stats ?? GroupStats(runCount: 0, completedCount: 0, failedCount: 0, successRate: 0, avgDurationMs: nil)
        }
    }

    /// The group's runs (the parents) in one private scope, newest first;
    /// nil when the group is not in the scope's (org, project).
    public func runs(_ groupID: String, in scope: Scope, limit: Int = 20, offset: Int = 0) async throws -> [Run]? {
        try await database.transaction(.tenant(scope), .read) { c in
            guard try Self.fetch(c, groupID, scope: scope, byName: false) != nil else { return nil }
            return try c.query(
                """
                SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(scope)) AND agent_id = \(.text(Self.agentID(of: groupID)))
                ORDER BY created_at DESC, id DESC LIMIT \(.int(min(max(limit, 1), 100))) OFFSET \(.int(max(offset, 0)))
                """, as: Run.self)
        }
    }
}
