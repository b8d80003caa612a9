import Foundation

extension Role: RowDecodable {
    static let columns = "org_id, id, project_id, name, description, system_prompt, is_lead, allowed_tools, denied_tools, style_constraints, model, created_at, updated_at"

    public init(row: Row) throws {
        let project = try row.string("project_id")
        self.init(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            name: try row.string("name"), description: try row.string("description"), systemPrompt: try row.string("system_prompt"),
            isLead: try row.bool("is_lead"), allowedTools: try row.string("allowed_tools"), deniedTools: try row.string("denied_tools"),
            styleConstraints: try row.string("style_constraints"), model: row.optionalString("model"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

extension GroupRef: RowDecodable {
    public init(row: Row) throws {
        self.init(id: try row.string("id"), name: try row.string("name"))
    }
}

extension RoleStats: RowDecodable {
    /// Reads the counts (`runs`, `completed`, `failed`, `input_tokens`,
    /// `output_tokens`, `tool_calls`); `groups` come from their own query.
    public init(row: Row) throws {
        self.init(runs: try row.int("runs"), completed: try row.int("completed"), failed: try row.int("failed"),
                  inputTokens: try row.int64("input_tokens"), outputTokens: try row.int64("output_tokens"),
                  toolCalls: try row.int("tool_calls"), groups: [])
    }
}
