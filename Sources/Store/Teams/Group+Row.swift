import Foundation

extension Group: RowDecodable {
    static let columns = "org_id, id, project_id, name, description, config, created_at, updated_at"

    public init(row: Row) throws {
        let project = try row.string("project_id")
        self.init(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            name: try row.string("name"), description: try row.string("description"), config: try row.string("config"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

extension GroupMember: RowDecodable {
    /// A member with its role's name and lead flag: select from `GroupMember.from`.
    static let columns = """
        m.id AS id, m.group_id AS group_id, m.role_id AS role_id, m.ordinal AS ordinal, m.created_at AS created_at, \
        r.name AS role_name, r.is_lead AS is_lead
        """
    static let from = "group_members m JOIN roles r ON r.org_id = m.org_id AND r.id = m.role_id"

    public init(row: Row) throws {
        self.init(id: try row.string("id"), groupID: try row.string("group_id"), roleID: try row.string("role_id"), ordinal: try row.int("ordinal"),
                  createdAt: try row.date("created_at"), roleName: try row.string("role_name"), isLead: try row.bool("is_lead"))
    }
}

extension GroupStats: RowDecodable {
    /// Reads `run_count`, `completed_count`, `failed_count` and `avg_duration_ms`.
    public init(row: Row) throws {
        let runs = try row.int("run_count")
        let completed = try row.int("completed_count")
        self.init(runCount: runs, completedCount: completed, failedCount: try row.int("failed_count"),
                  successRate: runs == 0 ? 0 : Double(completed) / Double(runs), avgDurationMs: row["avg_duration_ms"].double)
    }
}
