import Foundation

/// What `GroupRepository.assignProject` did: groups and roles moved, or
/// nothing because names would clash in the target project.
public enum ProjectAssignment: Sendable, Hashable {
    case moved(groups: [String], roles: [String])
    /// Names taken twice in the target once moved; nothing was changed.
    case conflict(groups: [String], roles: [String])
}

extension GroupRepository {
    /// Moves the groups of the caller's org that have no project (and, with
    /// `includeCurrent`, those of the scope's own project) into `target`,
    /// with their members, their member roles and their blackboard
    /// memories, in one transaction. Another project is never read or
    /// changed. Group and role names are unique per (org, project), so a
    /// name the target already has, or one that two moved projects share,
    /// moves nothing (`.conflict`). Roles that are members of no moved
    /// group stay where they are; runs stay in the project they ran in.
    /// Rows of two projects change, so this is a system transaction whose
    /// every statement filters by the caller's org and those projects.
    public func assignProject(_ target: String, includeCurrent: Bool, in scope: Scope, now: Date = Date()) async throws -> ProjectAssignment {
        try Scope.validate(target, field: "project_id")
        let sources = Set([""] + (includeCurrent ? [scope.projectKey] : [])).subtracting([target]).sorted()
        let org: SQL = "org_id = \(.text(scope.orgID))"
        let inSources: SQL = "project_id IN (\(list: sources.map(SQLValue.text)))"
        let movingGroups: SQL = "SELECT id FROM groups WHERE \(org) AND \(inSources)"
        let movingRoles: SQL = "\(inSources) AND id IN (SELECT role_id FROM group_members WHERE \(org) AND \(inSources))"
        let toTarget: SQL = "project_id = \(.text(target))"
        return try await database.transaction(.system, .write) { c in
            let groups = try c.query("\(movingGroups) ORDER BY id").map { try $0.string("id") }
            guard !groups.isEmpty else { return .moved(groups: [], roles: []) }
            let roles = try c.query("SELECT id FROM roles WHERE \(org) AND \(movingRoles) ORDER BY id").map { try $0.string("id") }
            func clashes(_ table: String, _ moving: SQL) throws -> [String] {
                try c.query("""
                    SELECT name FROM \(raw: table) WHERE \(org) AND (\(toTarget) OR (\(moving)))
                    GROUP BY name HAVING COUNT(*) > 1 ORDER BY name
                    """).map { try $0.string("name") }
            }
            let groupClashes = try clashes("groups", inSources), roleClashes = try clashes("roles", movingRoles)
            if !groupClashes.isEmpty || !roleClashes.isEmpty { return .conflict(groups: groupClashes, roles: roleClashes) }
            // Dependents first: each statement finds its rows through the ones not yet moved.
            for table in ["memory_chunks", "memories"] {
                try c.execute("UPDATE \(raw: table) SET \(toTarget) WHERE \(org) AND \(inSources) AND group_id IN (\(movingGroups))")
            }
            try c.execute("UPDATE roles SET \(toTarget), updated_at = \(.date(now)) WHERE \(org) AND \(movingRoles)")
            try c.execute("UPDATE group_members SET \(toTarget) WHERE \(org) AND \(inSources)")
            try c.execute("UPDATE groups SET \(toTarget), updated_at = \(.date(now)) WHERE \(org) AND \(inSources)")
            return .moved(groups: groups, roles: roles)
        }
    }
}
