import Foundation
import Logging
import JSON
import Store

/// Executes a group run's parent (agent `group:<id>`): each non-lead member
/// in order gets `message.task`, runs its own agent loop as a child run
/// (executed inline here, under its own lease), and posts `message.proposal`
/// and `message.evidence` (blackboard entries too); then the lead reads them
/// and its answer becomes `message.decision` and the run's output.
///
/// Durable like any run, with no state of its own beyond the parent's
/// events, the children's rows and the blackboard: on resume, a member with
/// a `done`/`failed` status event is not run again, an interrupted member
/// resumes from its own checkpoint (here, or wherever another worker took
/// it — then the parent waits), and the decision is committed in the same
/// transaction as `run.completed`, so there is exactly one.
struct SerialOrchestrator: RunDriver {
    static let agentPrefix = "group:"

    let queue: RunQueue
    let logger = Logger(label: "oi.runtime.orchestrator")
    var stores: Database { queue.stores }

    func execute(_ run: Run, control: RunControl) async -> Executor.Outcome {
        let recorder = RunRecorder(run: run, events: stores.events, bus: queue.executor.bus, persistTokens: queue.executor.persistTokens)
        let started = ContinuousClock.now
        var children: [Run] = []
        do {
            guard let plan = try Executor.spec(of: run).team, let lead = plan.lead, plan.seats.filter(\.lead).count == 1 else {
                throw RuntimeError(.invalidState, "group run \(run.id) has no valid team plan")
            }
            children = try await stores.runs.children(of: run.id, in: run.scope)
            let progress = try await TeamProgress.load(run, stores: stores)
            if progress.started {
                recorder.emit(RunResumedPayload(fromStep: progress.finished.count, attempt: run.attempts, worker: run.leaseOwner ?? ""))
            } else {
                let team: JSONValue = ["provider": "team", "group_id": .string(plan.groupID), "group_name": .string(plan.groupName),
                                       "members": .array(plan.seats.map { .string($0.name) }), "lead": .string(lead.name)]
                recorder.emit(RunStartedPayload(input: run.input, sessionKey: run.sessionKey, agent: team, worker: run.leaseOwner ?? ""))
            }
            try await recorder.commit()
            var done = progress.finished.count
            for seat in plan.members where !progress.finished.contains(seat.roleID) {
                let child = try member(seat, in: children)
                if !progress.tasked.contains(seat.roleID) { try await assign(seat, child: child, run: run, recorder: recorder, done: done, total: plan.seats.count) }
                let ended = try await queue.settle(child)
                done += 1
                if ended.status == .completed {
                    try await post(seat, child: ended, plan: plan, run: run, recorder: recorder, done: done)
                } else {
                    try await report(seat, failed: ended, recorder: recorder, done: done, total: plan.seats.count)
                    if plan.failFast {
                        await queue.executor.cancelOpenChildren(of: run, reason: "the group run was stopped")
                        try await queue.executor.fail(recorder, code: "role_failed", message: "\(seat.name) ended \(ended.status.rawValue) and the group is fail_fast",
                                                      stopReason: "error", usage: try await membersUsage(of: run), steps: done, started: started,
                                                      recordUsage: true)
                        return .finished
                    }
                }
            }
            let leadChild = try member(lead, in: children)
            if !progress.tasked.contains(lead.roleID) { try await assign(lead, child: leadChild, run: run, recorder: recorder, done: done, total: plan.seats.count) }
            let decided = try await queue.settle(leadChild)
            guard decided.status == .completed else {
                try await report(lead, failed: decided, recorder: recorder, done: done + 1, total: plan.seats.count)
                try await queue.executor.fail(recorder, code: "lead_failed", message: "the lead \(lead.name) ended \(decided.status.rawValue) without a decision",
                                              stopReason: "error", usage: try await membersUsage(of: run), steps: done + 1, started: started,
                                              recordUsage: true)
                return .finished
            }
            try await decide(lead, child: decided, plan: plan, run: run, recorder: recorder, started: started)
            return .finished
        } catch {
            if control.reason == .cancelled || control.reason == .timeout { await queue.executor.cancelOpenChildren(of: run, reason: "the group run was stopped") }
            return await queue.executor.stop(recorder, error: error, control: control, usage: Usage(), steps: 0, started: started)
        }
    }

    private func member(_ seat: TeamPlan.Seat, in children: [Run]) throws -> Run {
        guard let child = children.first(where: { $0.roleID == seat.roleID }) else {
            throw RuntimeError(.invalidState, "group run has no member run for role \(seat.roleID)")
        }
        return child
    }

    /// `message.task` and `message.status working` for a seat.
    private func assign(_ seat: TeamPlan.Seat, child: Run, run: Run, recorder: RunRecorder, done: Int, total: Int) async throws {
        recorder.roleID = seat.roleID
        recorder.emit(TeamMessages.taskPayload(input: run.input, seat: seat, child: child), messageType: TeamMessages.task)
        recorder.emit(TeamMessages.statusPayload("working", seat: seat, child: child, done: done, of: total), messageType: TeamMessages.status)
        recorder.roleID = nil
        try await recorder.commit()
    }

    /// A member's answer: its proposal and evidence, on the blackboard and as events.
    private func post(_ seat: TeamPlan.Seat, child: Run, plan: TeamPlan, run: Run, recorder: RunRecorder, done: Int) async throws {
        let answer = TeamMessages.output(of: child)
        let results = try await stores.events.list(child.id, in: child.scope,
                                                   filter: EventFilter(types: [EventType.toolResult, EventType.toolBlocked], limit: 10_000))
        let refs = TeamMessages.refs(results)
        let summary = TeamMessages.evidenceSummary(role: seat.name, refs: refs)
        let evidence = try await write(plan, run: run, seat: seat, kind: "evidence", content: summary, refs: .array(refs))
        let proposal = try await write(plan, run: run, seat: seat, kind: "proposal", content: answer,
                                       refs: .array(evidence.map { [["type": "blackboard", "id": .string($0)]] } ?? []))
        recorder.roleID = seat.roleID
        recorder.emit(MessageProposalPayload(plan: answer, childRunID: child.id, evidenceRefs: evidence.map { [$0] } ?? [], entryID: proposal),
                      messageType: TeamMessages.proposal)
        recorder.emit(MessageEvidencePayload(summary: summary, refs: refs, childRunID: child.id, entryID: evidence), messageType: TeamMessages.evidence)
        recorder.emit(TeamMessages.statusPayload("done", seat: seat, child: child, done: done, of: plan.seats.count),
                      messageType: TeamMessages.status)
        recorder.roleID = nil
        try await recorder.commit()
    }

    /// `message.status failed` for a member that failed or was cancelled.
    private func report(_ seat: TeamPlan.Seat, failed child: Run, recorder: RunRecorder, done: Int, total: Int) async throws {
        let error = child.error.flatMap { try? JSONParser.parse($0) } ?? ["code": .string(child.status.rawValue), "message": .string("the member run ended \(child.status.rawValue)")]
        recorder.roleID = seat.roleID
        recorder.emit(TeamMessages.statusPayload("failed", seat: seat, child: child, done: done, of: total, error: error),
                      messageType: TeamMessages.status)
        recorder.roleID = nil
        try await recorder.commit()
    }

    /// The lead's answer as the decision: blackboard entries (the decision,
    /// one to-do per next action), `message.decision`, and `run.completed`
    /// with the decision as output — all events in one commit.
    private func decide(_ lead: TeamPlan.Seat, child: Run, plan: TeamPlan, run: Run, recorder: RunRecorder, started: ContinuousClock.Instant) async throws {
        let posted = try await stores.blackboard.list(plan.groupID, in: run.scope, runID: run.id, limit: 500) ?? []
        let considered = posted.filter { $0.type == "proposal" || $0.type == "evidence" }
        let decision = TeamMessages.decision(from: TeamMessages.output(of: child), proposals: considered.filter { $0.type == "proposal" }.count,
                                             evidence: considered.filter { $0.type == "evidence" }.count)
        let evidenceIDs = considered.reversed().map(\.id)
        let evidenceRefs: [JSONValue] = evidenceIDs.map(JSONValue.string)
        let entry = try await write(plan, run: run, seat: lead, kind: "decision", content: decision.decision,
                                    refs: .array(evidenceRefs.map { ["type": "blackboard", "id": $0] }),
                                    extra: ["rationale": .string(decision.rationale), "next_actions": .array(decision.nextActions.map(JSONValue.string))])
        for (i, action) in decision.nextActions.enumerated() {
            _ = try await write(plan, run: run, seat: lead, kind: "todo", content: action, refs: entry.map { [["type": "blackboard", "id": .string($0)]] } ?? [],
                                suffix: "\(i + 1)")
        }
        let usage = try await membersUsage(of: run)
        recorder.roleID = lead.roleID
        recorder.emit(MessageDecisionPayload(decision: decision.decision, rationale: decision.rationale, nextActions: decision.nextActions,
                                             evidenceRefs: evidenceIDs, childRunID: child.id, entryID: entry),
                      messageType: TeamMessages.decision)
        recorder.emit(TeamMessages.statusPayload("done", seat: lead, child: child, done: plan.seats.count, of: plan.seats.count),
                      messageType: TeamMessages.status)
        recorder.roleID = nil
        recorder.emit(RunCompletedPayload(output: decision.decision, stopReason: "end_turn", usage: Executor.payload(usage),
                                          durationMs: (ContinuousClock.now - started).milliseconds, steps: plan.seats.count))
        try await recorder.commit(update: RunUpdate(status: .completed, stopReason: "end_turn", output: JSONValue.string(decision.decision).description,
                                                    usage: Executor.tokens(usage)))
    }

    /// What the members spent, summed: the group run's usage and cost. The
    /// parent makes no model call of its own; its row holds this sum, so
    /// `system/usage` leaves group runs out and counts each token once.
    private func membersUsage(of run: Run) async throws -> Usage {
        var sum = try await stores.runs.children(of: run.id, in: run.scope).reduce(Usage()) { $0 + Usage($1.usage) }
        sum.model = nil
        return sum
    }

    /// Writes a blackboard entry with a fixed id (so a resumed parent writes
    /// it once); nil when the group was deleted meanwhile.
    private func write(_ plan: TeamPlan, run: Run, seat: TeamPlan.Seat, kind: String, content: String, refs: JSONValue,
                       extra: [String: JSONValue] = [:], suffix: String = "") async throws -> String? {
        var metadata = extra
        metadata["role_name"] = .string(seat.name)
        metadata["message_type"] = .string(kind.uppercased())
        let id = "bb_\(run.id)_\(seat.roleID)_\(kind)\(suffix)"
        do {
            return try await queue.executor.memory.blackboard.write(
                NewBlackboardEntry(groupID: plan.groupID, type: kind, content: content, refs: refs.description, roleID: seat.roleID, runID: run.id,
                                   metadata: JSONValue.object(metadata).description, id: id), in: run.scope).id
        } catch let error as StoreError where error.code == .notFound {
            logger.warning("group deleted during its run; blackboard entry not written", metadata: ["run_id": .string(run.id), "entry": .string(id)])
            return nil
        }
    }
}
