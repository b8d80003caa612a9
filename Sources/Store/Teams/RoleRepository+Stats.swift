import Foundation

extension RoleRepository {
    /// What the role did in one private scope, optionally within
    /// `[from, to)` by run creation time, counted in SQL; nil when the role
    /// is not in the scope's (org, project).
    public func stats(_ roleID: String, in scope: Scope, from: Date? = nil, to: Date? = nil) async throws -> RoleStats? {
        var parameters = RunSQL.scopeParameters(scope) + [.text(roleID)]
        var period: [String] = []
        if let from {
            parameters.append(.date(from))
            period.append("r.created_at >= $\(parameters.count)")
        }
        if let to {
            parameters.append(.date(to))
            period.append("r.created_at < $\(parameters.count)")
        }
        let runs = (["r.org_id = $1", "r.user_id = $2", "r.project_id = $3", "r.role_id = $4"] + period).joined(separator: " AND ")
        let final = parameters
        return try await database.transaction(.tenant(scope), .read) { c in
            guard try Self.fetch(c, roleID, scope: scope, byName: false) != nil else { return nil }
            let row = try c.queryFirst(
                """
                SELECT COUNT(*) AS runs,
                    COALESCE(SUM(CASE WHEN r.status = 'completed' THEN 1 ELSE 0 END), 0) AS completed,
                    COALESCE(SUM(CASE WHEN r.status = 'failed' THEN 1 ELSE 0 END), 0) AS failed,
                    COALESCE(SUM(r.input_tokens), 0) AS input_tokens,
                    COALESCE(SUM(r.output_tokens), 0) AS output_tokens,
                    (SELECT COUNT(*) FROM events e JOIN runs r ON r.org_id = e.org_id AND r.id = e.run_id
                     WHERE \(runs) AND e.type = 'tool.called') AS tool_calls
                FROM runs r WHERE \(runs)
                """, final)
            let groups = try c.query(
                """
                SELECT g.id AS id, g.name AS name FROM group_members m JOIN groups g ON g.org_id = m.org_id AND g.id = m.group_id
                WHERE m.org_id = $1 AND m.project_id = $2 AND m.role_id = $3 ORDER BY g.name, g.id
                """, Self.parameters(scope) + [.text(roleID)]).map { GroupRef(id: try $0.string("id"), name: try $0.string("name")) }
            return RoleStats(runs: try row?.int("runs") ?? 0, completed: try row?.int("completed") ?? 0, failed: try row?.int("failed") ?? 0,
                             inputTokens: try row?.int64("input_tokens") ?? 0, outputTokens: try row?.int64("output_tokens") ?? 0,
                             toolCalls: try row?.int("tool_calls") ?? 0, groups: groups)
        }
    }
}
