extension SQL {
    /// `org_id = … AND user_id = … AND project_id = …`: the rows of exactly
    /// `scope` (a user's runs, events, approvals, core blocks). `alias`
    /// qualifies the columns (`r` gives `r.org_id`).
    public static func inScope(_ scope: Scope, alias: String? = nil) -> SQL {
        let a = alias.map { $0 + "." } ?? ""
        return "\(raw: a)org_id = \(.text(scope.orgID)) AND \(raw: a)user_id = \(.text(scope.userID)) AND \(raw: a)project_id = \(.text(scope.projectKey))"
    }

    /// `org_id = … AND project_id = …`: the rows every user of the scope's
    /// (org, project) shares (skills, roles, groups, blackboards).
    public static func inProject(_ scope: Scope, alias: String? = nil) -> SQL {
        let a = alias.map { $0 + "." } ?? ""
        return "\(raw: a)org_id = \(.text(scope.orgID)) AND \(raw: a)project_id = \(.text(scope.projectKey))"
    }
}
