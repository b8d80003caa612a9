import Foundation

extension RoleRepository {
    /// What the role did in one private scope, optionally within
    /// `[from, to)` by run creation time, counted in SQL; nil when the role
    /// is not in the scope's (org, project).
    public func stats(_ roleID: String, in scope: Scope, from: Date? = nil, to: Date? = nil) async throws -> RoleStats? {
        var clauses: [SQL] = [.inScope(scope, alias: "r"), "r.role_id = \(.text(roleID))"]
        if let from { clauses.append("r.created_at >= \(.date(from))") }
        if let to { clauses.append("r.created_at < \(.date(to))") }
        let runs = clauses.joined(separator: " AND ")
        return try await database.transaction(.tenant(scope), .read) { c in
            guard try Self.fetch(c, roleID, scope: scope, byName: false) != nil else { return nil }
            var stats = try c.queryFirst(
                """
                SELECT COUNT(*) AS runs,
                    COALESCE(SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END), 0) AS completed,
                    COALESCE(SUM(CASE WHEN r.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
                    COALESCE(SUM(r.input_tokens), 0) AS input_tokens,
                    COALESCE(SUM(r.output_tokens), 0) AS output_tokens,
                    (SELECT COUNT(*) FROM events e JOIN runs r ON r.org_id = e.org_id AND r.id = e.run_id
                     WHERE \(runs) AND e.type = 'tool.called') AS tool_calls
                FROM runs r WHERE \(runs)
                """, as: RoleStats.self) ?? RoleStats(runs: 0, completed: 0, failed: 0, inputTokens: 0, outputTokens: 0, toolCalls: 0, groups: [])
            stats.groups = try c.query(
                """
                SELECT g.id AS id, g.name AS name FROM group_members m JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
                WHERE \(.inProject(scope, alias: "m")) AND m.role_id = \(.text(roleID)) ORDER BY g.name, g.id
                """, as: GroupRef.self)
            return stats
        }
    }
}
