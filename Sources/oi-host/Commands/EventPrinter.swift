import Foundation
import Host
import RPC
import Runtime

/// Prints run events for people (or as JSON lines with `--json`).
struct EventPrinter {
    var json: Bool
    private var midLine = false
    /// Role names learned from `message.task`, to name the roles of later messages.
    private var roleNames: [String: String] = [:]

    init(json: Bool) { self.json = json }

    mutating func print(_ event: RunEvent) {
        show(event)
        fflush(nil)
    }

    private mutating func show(_ event: RunEvent) {
        if json {
            Swift.print(event.wire.description)
            return
        }
        let p = event.payload
        switch event.type {
        case EventType.llmToken:
            if !midLine { Swift.print("  ", terminator: "") }
            Swift.print(p["text"]?.stringValue ?? "", terminator: "")
            midLine = true
            return
        case EventType.llmCalled where (p["attempt"]?.intValue ?? 1) == 1: return
        case EventType.stepCompleted: return
        default:
            if midLine { Swift.print(""); midLine = false }
        }
        switch event.type {
        case EventType.runStarted:
            let agent = p["agent"]
            if agent?["provider"] == "team" {
                Swift.print("▶ \(event.runID) started (group \(agent?["group_name"]?.stringValue ?? "?"))")
            } else {
                Swift.print("▶ \(event.runID) started (\(agent?["provider"]?.stringValue ?? "?")/\(agent?["model"]?.stringValue ?? "?"))")
            }
        case EventType.runResumed: Swift.print("↻ resumed after step \(p["from_step"]?.intValue ?? 0)")
        case EventType.stepStarted: Swift.print("· step \(p["step"]?.intValue ?? 0)")
        case EventType.llmCalled:
            if let attempt = p["attempt"]?.intValue, attempt > 1 { Swift.print("  retrying the model (attempt \(attempt))") }
        case EventType.toolCalled: Swift.print("  → \(p["tool_name"]?.stringValue ?? "?") \(Self.short(p["args"]))")
        case EventType.toolResult:
            let mark = p["is_error"]?.boolValue == true ? "✘" : "←"
            Swift.print("  \(mark) \(Self.short(p["result"]))")
        case EventType.toolBlocked: Swift.print("  ⛔ \(p["tool_name"]?.stringValue ?? "?") blocked: \(p["reason"]?.stringValue ?? "")")
        case EventType.toolRequiresApproval: Swift.print("  ? \(p["tool_name"]?.stringValue ?? "?") needs approval (call \(p["call_id"]?.stringValue ?? "?"))")
        case EventType.stepCompleted: break
        case EventType.runCompleted:
            Swift.print("✔ completed (\(p["stop_reason"]?.stringValue ?? "?")) in \(p["duration_ms"]?.intValue ?? 0) ms")
        case EventType.runFailed:
            Swift.print("✘ failed (\(p["stop_reason"]?.stringValue ?? "?")): \(p["error"]?["message"]?.stringValue ?? "")")
        case EventType.runCancelled: Swift.print("■ cancelled")
        case EventType.messageTask:
            if let role = event.roleID, let name = p["role_name"]?.stringValue { roleNames[role] = name }
            Swift.print("⇢ task → \(role(event))")
        case EventType.messageProposal: Swift.print("✎ proposal (\(role(event))): \(Self.short(p["plan"]))")
        case EventType.messageEvidence: Swift.print("⚑ evidence (\(role(event))): \(p["summary"]?.stringValue ?? "")")
        case EventType.messageStatus: Swift.print("  \(role(event)) \(p["state"]?.stringValue ?? "?")")
        case EventType.messageDecision:
            Swift.print("◆ decision: \(p["decision"]?.stringValue ?? "")")
            if let rationale = p["rationale"]?.stringValue { Swift.print("  rationale: \(rationale)") }
        case EventType.runWarning: Swift.print("  ⚠ \(p["code"]?.stringValue ?? "warning"): \(p["message"]?.stringValue ?? "")")
        case EventType.runCompacted:
            Swift.print("  ⇊ compacted \(p["messages_before"]?.intValue ?? 0) → \(p["messages_after"]?.intValue ?? 0) messages (\(p["tokens_saved"]?.intValue ?? 0) tokens saved)")
        case EventType.userInjected: Swift.print("  ✉ injected (\(p["role"]?.stringValue ?? "user")): \(Self.short(p["message"]))")
        default: Swift.print("  \(event.type) \(Self.short(p))")
        }
    }

    private func role(_ event: RunEvent) -> String {
        event.roleID.map { roleNames[$0] ?? $0 } ?? "?"
    }

    mutating func finish() {
        if midLine { Swift.print(""); midLine = false }
    }

    static func short(_ value: JSONValue?) -> String {
        let text = value?.description ?? ""
        return text.count > 160 ? String(text.prefix(157)) + "…" : text
    }
}
