import Store

/// Tenants for tests: `a`, and neighbours that differ from it by user, by
/// project and by org — none may ever see another's rows or events.
public enum TestTenants {
    public static let a = scope("org_a", "user_1")
    public static let otherUser = scope("org_a", "user_2")
    public static let otherProject = scope("org_a", "user_1", project: "proj_x")
    public static let otherOrg = scope("org_b", "user_1")
    public static let neighbours = [otherUser, otherProject, otherOrg]

    /// A scope from parts known to be valid ids (a typo traps at once).
    public static func scope(_ org: String, _ user: String, project: String? = nil) -> Scope {
        do { return try Scope(orgID: org, userID: user, projectID: project) } catch { preconditionFailure("\(error)") }
    }
}
