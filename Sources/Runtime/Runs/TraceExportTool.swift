import JSON
import Store

/// `trace_export`: a run's trace (this run by default) as JSON.
struct TraceExportTool: Tool {
    let name = "trace_export"
    let isReadOnly = true
    let description = "Export a run's trace (events and checkpoint summary) as JSON; defaults to the current run."
    let risk = RiskLevel.low
    let inputSchema = Schema.object([
        "run_id": Schema.string(minLength: 1, maxLength: 64, pattern: "^run_[A-Za-z0-9]+$"),
        "limit": Schema.integer(minimum: 1, maximum: 5000),
    ])
    let export: @Sendable (String, Scope) async throws -> RunExport

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        let runID = arguments["run_id"]?.stringValue ?? context.runID
        var export = try await export(runID, try context.scope)
        let limit = Int(arguments["limit"]?.intValue ?? 2000)
        let truncated = export.events.count > limit
        if truncated { export.events = Array(export.events.suffix(limit)) }
        guard case .object(var trace) = try JSONValueCoding.encode(export) else { return .error("cannot export run \(runID)") }
        if truncated { trace["truncated"] = true }
        return ToolOutput(.object(trace))
    }
}
