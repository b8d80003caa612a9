import JSON
import Runtime

/// Our run events as ACP `session/update`s (docs/protocol.md has the
/// table): streamed text is `agent_message_chunk`, tool calls are
/// `tool_call` then `tool_call_update`s with status and content, the plan
/// tool is `plan`, warnings, compactions and retries are
/// `agent_thought_chunk`. The same mapping streams a prompt live and
/// replays a session for `session/load` (which adds the user's turns).
struct SessionUpdates {
    /// The working folder, to show tool locations as absolute paths.
    let cwd: String
    /// Replaying stored history: the user's inputs are sent too.
    let replay: Bool
    /// Tool calls already announced with `tool_call`.
    private var announced: Set<String> = []
    /// Runs whose answer streamed as tokens (else `run.completed` sends it whole).
    private var streamed: Set<String> = []

    init(cwd: String, replay: Bool = false) {
        self.cwd = cwd
        self.replay = replay
    }

    /// The `update` objects for one event (often none).
    mutating func updates(for event: RunEvent) -> [JSONValue] {
        let p = event.payload
        switch event.type {
        case EventType.runStarted where replay:
            return [chunk("user_message_chunk", p["input"]?.stringValue ?? "")]
        case EventType.userInjected:
            return [chunk("user_message_chunk", p["message"]?.stringValue ?? "")]
        case EventType.llmToken:
            guard let text = p["text"]?.stringValue, !text.isEmpty else { return [] }
            streamed.insert(event.runID)
            return [chunk("agent_message_chunk", text)]
        case EventType.runCompleted:
            guard !streamed.contains(event.runID), let output = p["output"]?.stringValue, !output.isEmpty else { return [] }
            return [chunk("agent_message_chunk", output)]
        case EventType.runWarning:
            return [chunk("agent_thought_chunk", p["message"]?.stringValue ?? "warning")]
        case EventType.runCompacted:
            let before = p["messages_before"]?.intValue ?? 0, after = p["messages_after"]?.intValue ?? 0
            return [chunk("agent_thought_chunk", "Compacted the conversation (\(before) messages to \(after)): \(p["summary"]?.stringValue ?? "")")]
        case EventType.llmCalled:
            guard let reason = p["retry_reason"]?.stringValue else { return [] }
            return [chunk("agent_thought_chunk", "Retrying the model call (attempt \(p["attempt"]?.intValue ?? 2)): \(reason)")]
        case EventType.toolRequiresApproval:
            return [toolCall(p, status: "pending")]
        case EventType.toolCalled:
            if p["tool_name"]?.stringValue == UpdatePlanTool.toolName {
                return [["sessionUpdate": "plan", "entries": .array(UpdatePlanTool.entries(p["args"] ?? [:]))]]
            }
            return [toolCall(p, status: "in_progress")]
        case EventType.toolResult:
            guard let id = p["call_id"]?.stringValue, p["tool_name"]?.stringValue != UpdatePlanTool.toolName else { return [] }
            let failed = p["is_error"]?.boolValue == true
            var update: [String: JSONValue] = ["sessionUpdate": "tool_call_update", "toolCallId": .string(id),
                                               "status": failed ? "failed" : "completed", "rawOutput": p["result"] ?? .null]
            let text = Self.display(p["result"] ?? .null)
            if !text.isEmpty { update["content"] = [["type": "content", "content": ["type": "text", "text": .string(text)]]] }
            return announce(id, p) + [.object(update)]
        case EventType.toolBlocked:
            return finish(p, "failed", "Blocked by policy (\(p["rule"]?.stringValue ?? "rule")): \(p["reason"]?.stringValue ?? "")")
        case EventType.toolDenied:
            return finish(p, "failed", "Denied: \(p["reason"]?.stringValue ?? "by the user")")
        case EventType.toolInterrupted:
            return finish(p, "failed", "Interrupted: \(p["reason"]?.stringValue ?? "")")
        default:
            return []
        }
    }

    private func chunk(_ kind: String, _ text: String) -> JSONValue {
        ["sessionUpdate": .string(kind), "content": ["type": "text", "text": .string(text)]]
    }

    /// `tool_call` the first time a call is seen, `tool_call_update` after.
    private mutating func toolCall(_ p: JSONValue, status: String) -> JSONValue {
        let id = p["call_id"]?.stringValue ?? ""
        let name = p["tool_name"]?.stringValue ?? "tool"
        let args = p["args"] ?? [:]
        var o: [String: JSONValue] = ["toolCallId": .string(id), "status": .string(status), "rawInput": args,
                                      "title": .string(Self.title(name, args)), "kind": .string(Self.kind(name))]
        if let path = args["path"]?.stringValue ?? args["source"]?.stringValue {
            o["locations"] = [["path": .string(absolute(path))]]
        }
        if let diff = diff(name, args) { o["content"] = [diff] }
        o["sessionUpdate"] = announced.insert(id).inserted ? "tool_call" : "tool_call_update"
        return .object(o)
    }

    /// The `tool_call` of a call not announced yet (one that ends before it runs).
    private mutating func announce(_ id: String, _ p: JSONValue) -> [JSONValue] {
        announced.contains(id) ? [] : [toolCall(p, status: "pending")]
    }

    private mutating func finish(_ p: JSONValue, _ status: String, _ text: String) -> [JSONValue] {
        guard let id = p["call_id"]?.stringValue else { return [] }
        return announce(id, p) + [["sessionUpdate": "tool_call_update", "toolCallId": .string(id), "status": .string(status),
                                   "content": [["type": "content", "content": ["type": "text", "text": .string(text)]]]]]
    }

    /// An edit shown as a diff (the editor renders it).
    private func diff(_ name: String, _ args: JSONValue) -> JSONValue? {
        guard let path = args["path"]?.stringValue else { return nil }
        switch name {
        case "write_file", "file_write":
            guard args["append"]?.boolValue != true, let text = args["content"]?.stringValue else { return nil }
            return ["type": "diff", "path": .string(absolute(path)), "newText": .string(text)]
        case "replace_in_file":
            guard let old = args["search_block"]?.stringValue, let new = args["replace_block"]?.stringValue else { return nil }
            return ["type": "diff", "path": .string(absolute(path)), "oldText": .string(old), "newText": .string(new)]
        default:
            return nil
        }
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : cwd + "/" + (path.hasPrefix("./") ? String(path.dropFirst(2)) : path)
    }

    /// ACP's tool kinds, from our tool names.
    static func kind(_ name: String) -> String {
        switch name {
        case "read_file", "file_read", "list_files", "file_list", "memory_get", "memory_list", "skill_load", "skills_list", "trace_export": "read"
        case "write_file", "file_write", "replace_in_file", "memory_write", "core_memory_append", "core_memory_replace": "edit"
        case "delete_file", "memory_delete": "delete"
        case "move_file": "move"
        case "glob_files", "grep_files", "memory_search": "search"
        case "exec_command": "execute"
        default: "other"
        }
    }

    /// A short title the editor shows: the tool and what it acts on.
    static func title(_ name: String, _ args: JSONValue) -> String {
        let subject = args["path"]?.stringValue ?? args["command"]?.stringValue ?? args["pattern"]?.stringValue
            ?? args["query"]?.stringValue ?? args["source"]?.stringValue
        guard let subject else { return name }
        return "\(name) \(subject.count > 80 ? String(subject.prefix(80)) + "…" : subject)"
    }

    /// A tool result as text for the editor: a file's content, a command's
    /// output, an error, MCP text items — else the JSON, cut short.
    static func display(_ result: JSONValue) -> String {
        let text: String
        if let error = result["error"]?.stringValue {
            text = error
        } else if let content = result["content"]?.stringValue {
            text = content
        } else if let items = result["content"]?.arrayValue {
            text = items.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
        } else if let stdout = result["stdout"]?.stringValue {
            let stderr = result["stderr"]?.stringValue ?? ""
            text = stderr.isEmpty ? stdout : stdout + "\n" + stderr
        } else {
            text = result.description
        }
        return text.count > 8000 ? String(text.prefix(8000)) + "…" : text
    }
}
