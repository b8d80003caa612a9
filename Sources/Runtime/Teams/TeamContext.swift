import Foundation
import JSON
import Store

/// What a member of a group run is told besides its role's prompt: the
/// protocol of its seat (system prompt, fixed at creation) and the
/// blackboard so far (added to its first message when its run starts, then
/// checkpointed, so a resumed member sees exactly what it saw).
enum TeamContext {
    /// Appended to a member's system prompt.
    static func protocolNote(lead: Bool, groupName: String) -> String {
        if lead {
            return """
            You are the LEAD of the group "\(groupName)". The other members have posted their proposals and evidence on the \
            blackboard below. Weigh them and make the final DECISION. Answer with a JSON object \
            {"decision": "…", "rationale": "…", "next_actions": ["…"]}, or with plain text, which is then the decision itself.
            """
        }
        return """
        You are a member of the group "\(groupName)". Your final answer is your PROPOSAL to the group's lead; use your tools to \
        gather evidence, and say which results you rely on. The lead decides.
        """
    }

    /// The role's style constraints as a line of the system prompt, or nil.
    static func styleNote(_ constraintsJSON: String) -> String? {
        let trimmed = constraintsJSON.trimmingCharacters(in: .whitespaces)
        guard trimmed != "{}", !trimmed.isEmpty else { return nil }
        return "Style constraints: \(trimmed)"
    }

    /// The first user message of a member run: the task, then this group
    /// run's blackboard entries (oldest first) and the group's latest
    /// earlier decisions.
    static func openingMessage(input: String, run: Run, role: RoleBinding, stores: Database) async throws -> String {
        guard let parent = run.parentRunID else { return input }
        let current = try await stores.blackboard.list(role.groupID, in: run.scope, runID: parent, limit: 200) ?? []
        let earlier = (try await stores.blackboard.list(role.groupID, in: run.scope, type: "decision", limit: 3) ?? [])
            .filter { $0.runID != parent }
        var text = input
        if !earlier.isEmpty {
            text += "\n\n## Earlier decisions of the group\n" + earlier.reversed().map(line).joined(separator: "\n")
        }
        text += "\n\n## Blackboard of this run\n"
        text += current.isEmpty ? "(empty: you are the first to post)" : current.reversed().map(line).joined(separator: "\n")
        return text
    }

    static func line(_ entry: BlackboardEntry) -> String {
        let name = (try? JSONParser.parse(entry.metadata))?["role_name"]?.stringValue
        let who = (name ?? entry.roleID).map { " by \($0)" } ?? ""
        return "- [\(entry.type)\(who), \(entry.id)] \(entry.content)"
    }
}
