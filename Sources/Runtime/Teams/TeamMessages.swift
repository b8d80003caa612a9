import Foundation
import JSON
import Store

/// The `message.*` payloads of a group run, and how a member's answer and
/// tool results become a proposal, evidence and (for the lead) a decision.
enum TeamMessages {
    /// The envelope's `message_type` per event (the seed's values).
    static let task = "TASK", proposal = "PROPOSAL", evidence = "EVIDENCE", decision = "DECISION", status = "STATUS"

    /// The lead's answer as a decision: a JSON object
    /// `{decision, rationale?, next_actions?}` is taken apart; any other
    /// text is the decision itself.
    struct Decision: Equatable {
        var decision: String
        var rationale: String
        var nextActions: [String]
    }

    static func decision(from output: String, proposals: Int, evidence: Int) -> Decision {
        let fallback = "Synthesized from \(proposals) proposal(s) and \(evidence) piece(s) of evidence."
        let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = trimmed.hasPrefix("```") ? trimmed.split(separator: "\n").dropFirst().filter { !$0.hasPrefix("```") }.joined(separator: "\n") : trimmed
        if let value = try? JSONParser.parse(Array(body.utf8)), let decision = value["decision"]?.stringValue, !decision.isEmpty {
            return Decision(decision: decision, rationale: value["rationale"]?.stringValue ?? fallback,
                            nextActions: value["next_actions"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        return Decision(decision: output, rationale: fallback, nextActions: [])
    }

    /// References to a member's tool results (`tool.result`) and blocked
    /// calls (`tool.blocked`): `{type: "tool_result" | "tool_blocked",
    /// id: "<run_id>:<call_id>", tool_name, is_error}`.
    static func refs(_ events: [Event]) -> [JSONValue] {
        events.compactMap { event in
            guard let payload = try? JSONParser.parse(event.payload), let call = payload["call_id"]?.stringValue else { return nil }
            let blocked = event.type == EventType.toolBlocked
            return ["type": .string(blocked ? "tool_blocked" : "tool_result"), "id": .string("\(event.runID):\(call)"),
                    "tool_name": payload["tool_name"] ?? .null, "is_error": blocked ? true : payload["is_error"] ?? false]
        }
    }

    /// One line saying what the member's evidence is.
    static func evidenceSummary(role: String, refs: [JSONValue]) -> String {
        let results = refs.filter { $0["type"] == "tool_result" }
        let blocked = refs.filter { $0["type"] == "tool_blocked" }.map { $0["tool_name"]?.stringValue ?? "?" }
        var text: String
        if results.isEmpty {
            text = "\(role) used no tool results; the proposal rests on its own reasoning."
        } else {
            let parts = results.map { ref -> String in
                let name = ref["tool_name"]?.stringValue ?? "?"
                return ref["is_error"]?.boolValue == true ? "\(name) (error)" : name
            }
            text = "\(role) relied on \(results.count) tool result(s): \(parts.joined(separator: ", "))."
        }
        if !blocked.isEmpty { text += " Blocked by policy: \(blocked.joined(separator: ", "))." }
        return text
    }

    static func taskPayload(input: String, seat: TeamPlan.Seat, child: Run) -> MessageTaskPayload {
        MessageTaskPayload(goal: input, toRoleID: seat.roleID, roleName: seat.name, childRunID: child.id,
                           inputs: ["from": seat.lead ? "proposals and evidence on the blackboard" : "the task and the blackboard so far"],
                           expectedOutput: seat.lead ? "a decision" : "a proposal with evidence")
    }

    static func statusPayload(_ state: String, seat: TeamPlan.Seat, child: Run, done: Int, of total: Int, error: JSONValue? = nil) -> MessageStatusPayload {
        MessageStatusPayload(state: state, roleID: seat.roleID, childRunID: child.id, progress: total == 0 ? 1 : Double(done) / Double(total), error: error)
    }

    /// A member run's answer (its `output` column holds a JSON string).
    static func output(of run: Run) -> String {
        run.output.flatMap { try? JSONParser.parse($0) }?.stringValue ?? ""
    }
}
