import JSON
import Runtime

/// `update_plan`: the agent's plan for the task, as a list of entries it
/// keeps current — an editor shows it (ACP `plan`). Offered to the runs of
/// an editor's session only; the call itself records nothing beyond its
/// `tool.called`, which is what becomes the `plan` update (live and replayed).
struct UpdatePlanTool: Tool {
    static let toolName = "update_plan"
    let name = UpdatePlanTool.toolName
    let description = "Show the user your plan for the task: the full list of steps, each pending, in_progress or completed. Call it again with the whole list whenever a step changes."
    let risk = RiskLevel.low
    let isReadOnly = true
    let inputSchema = Schema.object([
        "entries": Schema.array(Schema.object([
            "content": Schema.string(minLength: 1, maxLength: 2000),
            "status": Schema.oneOf(strings: ["pending", "in_progress", "completed"]),
            "priority": Schema.oneOf(strings: ["high", "medium", "low"]),
        ], required: ["content", "status"]), maxItems: 100),
    ], required: ["entries"])

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        ToolOutput(["ok": true, "entries": .int(Int64(arguments["entries"]?.arrayValue?.count ?? 0))])
    }

    /// ACP `plan` entries from the tool's arguments (priority defaults to medium).
    static func entries(_ arguments: JSONValue) -> [JSONValue] {
        (arguments["entries"]?.arrayValue ?? []).map { entry in
            ["content": entry["content"] ?? "", "status": entry["status"] ?? "pending", "priority": entry["priority"] ?? "medium"]
        }
    }
}
