import JSON
import RPC
import Runtime
import Store

/// `run_agent {input, session_key?, role_id?, wait? = true}` →
/// `{run_id, status, output, stop_reason}`: queues a run (in the session's
/// conversation; as a role when `role_id` names one) and, with `wait`,
/// follows it to its end, reporting each step and tool call as progress.
/// A cancelled call (`notifications/cancelled`) cancels the run. A run that
/// comes to wait for an approval is answered as `waiting_approval`: approve
/// it with the JSON-RPC host's `runs/approve`.
enum RunAgentTool: MCPServedTool {
    static let name = "run_agent"
    static let title = "Run an agent"
    static let description = "Run an OpenIntern agent on a task and (by default) wait for its answer. The session_key keeps a conversation across calls; role_id runs it as a stored role."
    static let inputSchema = Schema.object([
        "input": Schema.string(minLength: 1, description: "The task."),
        "session_key": Schema.string(minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_:-][A-Za-z0-9._:-]*$",
                                     description: "The conversation the run continues (default s_default)."),
        "role_id": Schema.string(minLength: 1, maxLength: 256, description: "A role (id or name) whose prompt, tools and model the agent takes."),
        "wait": Schema.boolean,
    ], required: ["input"])
    static let annotations: JSONValue = ["title": "Run an agent", "readOnlyHint": false, "destructiveHint": false, "openWorldHint": true]

    static func call(_ arguments: JSONValue, _ call: MCPToolCall) async throws -> MCPToolAnswer {
        let context = call.context
        let input = arguments["input"]?.stringValue ?? ""
        try PayloadLimits.check(input, limit: context.host.limits.inputBytes, path: "arguments.input")
        let scope = try await context.scope(nil)
        let engine = try await context.runtime()
        var agent = AgentSpec()
        var agentID = "main"
        if let roleID = arguments["role_id"]?.stringValue {
            let (spec, role) = try await engine.teams.agent(playing: roleID, in: scope)
            (agent, agentID) = (spec, "role:\(role.id)")
        }
        let request = CreateRun(input: input, sessionKey: arguments["session_key"]?.stringValue ?? "s_default", agentID: agentID, agent: agent)
        let run = try await engine.runs.create(request, in: scope).run
        guard arguments["wait"]?.boolValue ?? true else { return MCPToolAnswer(content: summary(run)) }
        await call.progress("queued \(run.id)")
        let filter = EventBus.Filter(orgID: scope.orgID, userID: scope.userID, projectID: scope.projectID, runID: run.id)
        try await RunFollower(service: engine.runs).follow(filter, scope: scope, afterSeq: 0) { event in
            if let message = progressMessage(event) { await call.progress(message) }
            return event.type != EventType.runWaiting && !EventType.terminal.contains(event.type) && !Task.isCancelled
        }
        if Task.isCancelled {
            _ = try? await engine.runs.cancel(run.id, in: scope)
            throw CancellationError()
        }
        let ended = try await engine.runs.get(run.id, in: scope)
        return MCPToolAnswer(content: summary(ended), isError: ended.status == .failed)
    }

    static func summary(_ run: Run) -> JSONValue {
        let view = RunView(run)
        var o: [String: JSONValue] = ["run_id": .string(view.runID), "status": .string(view.status),
                                      "output": view.output.map(JSONValue.string) ?? .null, "stop_reason": view.stopReason.map(JSONValue.string) ?? .null,
                                      "session_key": .string(view.sessionKey)]
        if let error = view.error, error != .null { o["error"] = error }
        return .object(o)
    }

    /// What a run's event says as progress (most events say nothing).
    static func progressMessage(_ event: RunEvent) -> String? {
        let p = event.payload
        switch event.type {
        case EventType.runStarted: return "started"
        case EventType.stepStarted: return "step \(p["step"]?.intValue ?? 0)"
        case EventType.toolCalled: return "calling \(p["tool_name"]?.stringValue ?? "a tool")"
        case EventType.toolResult: return "\(p["tool_name"]?.stringValue ?? "a tool") \(p["is_error"]?.boolValue == true ? "failed" : "done")"
        case EventType.runWaiting: return "waiting for an approval (runs/approve)"
        case EventType.runCompleted: return "completed"
        case EventType.runFailed: return "failed: \(p["error"]?["message"]?.stringValue ?? "")"
        case EventType.runCancelled: return "cancelled"
        default: return nil
        }
    }
}

/// `get_run {run_id}`: the run as `runs/get` answers it.
enum GetRunTool: MCPServedTool {
    static let name = "get_run"
    static let title = "Get a run"
    static let description = "A run by id: status, input, output, stop reason, usage, times."
    static let inputSchema = Schema.object(["run_id": Schema.string(minLength: 1, maxLength: 128)], required: ["run_id"])
    static let annotations: JSONValue = ["title": "Get a run", "readOnlyHint": true, "openWorldHint": false]

    static func call(_ arguments: JSONValue, _ call: MCPToolCall) async throws -> MCPToolAnswer {
        MCPToolAnswer(content: try await MCPServerMethods.invoke(RunsGet.self, ["run_id": arguments["run_id"] ?? ""], call.context))
    }
}

/// `list_runs {session_key?, status?, limit?}`: the scope's runs, newest first.
enum ListRunsTool: MCPServedTool {
    static let name = "list_runs"
    static let title = "List runs"
    static let description = "Runs, newest first; session_key narrows to one conversation, status to one or more states."
    static let statuses = ["pending", "running", "waiting_approval", "waiting_children", "completed", "failed", "cancelled"]
    static let inputSchema = Schema.object([
        "session_key": Schema.string(minLength: 1, maxLength: 128),
        "status": Schema.anyOf([Schema.oneOf(strings: statuses), Schema.array(Schema.oneOf(strings: statuses), minItems: 1, maxItems: 6)]),
        "limit": Schema.integer(minimum: 1, maximum: 100),
    ])
    static let annotations: JSONValue = ["title": "List runs", "readOnlyHint": true, "openWorldHint": false]

    static func call(_ arguments: JSONValue, _ call: MCPToolCall) async throws -> MCPToolAnswer {
        var params: [String: JSONValue] = [:]
        if let key = arguments["session_key"] { params["session_key"] = key }
        if let limit = arguments["limit"] { params["limit"] = limit }
        if let status = arguments["status"] { params["status"] = status.arrayValue.map(JSONValue.array) ?? [status] }
        let page = try await MCPServerMethods.invoke(RunsList.self, .object(params), call.context)
        return MCPToolAnswer(content: ["runs": page["runs"] ?? [], "next_cursor": page["next_cursor"] ?? .null])
    }
}
