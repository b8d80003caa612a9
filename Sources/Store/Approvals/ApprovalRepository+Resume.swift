import Foundation

/// What deciding an approval did: the decision, the events it recorded, and
/// the run after it (back to `pending` when no other approval of the run waits).
public struct ApprovalOutcome: Sendable, Hashable {
    public var approval: Approval
    public var events: [Event]
    public var run: Run
    public var resumed: Bool
}

extension ApprovalRepository {
    /// Decides a pending approval, records `events` (e.g. `tool.approved`),
    /// stores an `allow_always` grant (or, with `blocksTool`, a denial's
    /// standing block of the tool) and edited arguments, and — when it was the run's last
    /// pending approval — puts the waiting run back in the queue, all in ONE
    /// transaction. Nil when the run or approval is not in `scope`;
    /// `.invalidState` when already decided or the run is not waiting.
    public func decideAndResume(
        runID: String, callID: String, _ decision: ApprovalDecision, reason: String? = nil, modifiedArgs: String? = nil,
        blocksTool: Bool = false, events: [NewEvent], in scope: Scope, now: Date = Date()
    ) async throws -> ApprovalOutcome? {
        try EventSQL.validate(events)
        try TextRules.optionalJSONText(modifiedArgs, field: "modified_args")
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let run = try RunSQL.fetch(c, id: runID, scope: scope) else { return nil }
            guard run.status == .waitingApproval else {
                throw StoreError(.invalidState, "run \(runID) is \(run.status.rawValue), not waiting for an approval", field: "run_id")
            }
            guard let approval = try Self.decide(c, runID: runID, callID: callID, decision, reason: reason, scope: scope, now: now) else { return nil }
            if let modifiedArgs { try Self.recordEdit(c, runID: runID, callID: callID, args: modifiedArgs, scope: scope) }
            if blocksTool && decision == .deny {
                try ToolGrantRepository.insert(c, toolName: approval.toolName, scope: scope, decision: .block, now: now)
            }
            let waiting = try c.queryFirst(
                "SELECT COUNT(*) AS waiting FROM approvals WHERE \(.inScope(scope)) AND run_id = \(.text(runID)) AND status = 'pending'"
            )?.int("waiting") ?? 0
            let update = waiting == 0 ? RunUpdate(status: .pending) : RunUpdate()
            guard let updated = try RunSQL.update(c, id: runID, scope: scope, update, reserveSeq: events.count, notify: !events.isEmpty, now: now) else {
                return nil
            }
            let stored = try EventSQL.insert(c, events, runID: runID, scope: scope, firstSeq: updated.lastSeq - Int64(events.count) + 1, now: now)
            return ApprovalOutcome(approval: approval, events: stored, run: updated, resumed: waiting == 0)
        }
    }
}
