import Foundation
import JSON
import Store

/// Steering a run from outside: approving (with edited arguments) or
/// rejecting a call it waits on, and injecting a message its next step reads.
extension RunService {
    /// Decides an approval a run waits for; the last decision puts the run
    /// back in the queue. `modifiedArgs` (allow only) replace the model's
    /// arguments: they must satisfy the tool's input schema, and the model
    /// is told they were changed. Another tenant's run reads as not found.
    /// With `blocksTool` a denial also blocks the tool in the scope from
    /// then on (an editor's `reject_always`), in the same transaction.
    public func approve(_ runID: String, callID: String, decision: ApprovalDecision, reason: String?, modifiedArgs: JSONValue? = nil,
                        blocksTool: Bool = false, in scope: Scope) async throws -> ApprovalOutcome {
        guard let approval = try await stores.approvals.get(runID: runID, callID: callID, in: scope) else {
            _ = try await get(runID, in: scope)
            throw RuntimeError(.notFound, "run \(runID) has no approval for call \(callID)", path: "params.call_id")
        }
        if let modifiedArgs {
            guard decision != .deny else {
                throw RuntimeError.invalid("modified_args apply to an allowed call, not to a denial", path: "params.modified_args")
            }
            guard let tool = tools.tool(named: approval.toolName) else {
                throw RuntimeError(.invalidState, "tool \(approval.toolName) is not available to check modified_args against", path: "params.modified_args")
            }
            let failures = SchemaValidator.validate(modifiedArgs, against: tool.inputSchema, path: "params.modified_args")
            if let first = failures.first {
                throw RuntimeError(.invalidInput, "modified_args do not fit \(approval.toolName)'s input schema: "
                                   + failures.prefix(5).map(\.message).joined(separator: "; "),
                                   path: first.path, details: ["tool_name": .string(approval.toolName)])
            }
        }
        let event = decision == .deny
            ? NewEvent(type: ToolDeniedPayload.type, payload: RunRecorder.text(ToolDeniedPayload(callID: callID, toolName: approval.toolName, reason: reason)))
            : NewEvent(type: ToolApprovedPayload.type,
                       payload: RunRecorder.text(ToolApprovedPayload(callID: callID, toolName: approval.toolName, decision: decision.rawValue,
                                                                     modifiedArgs: modifiedArgs)))
        guard let outcome = try await stores.approvals.decideAndResume(
            runID: runID, callID: callID, decision, reason: reason, modifiedArgs: modifiedArgs?.description,
            blocksTool: blocksTool, events: [event], in: scope)
        else { throw RunError.notFound(runID) }
        bus.publish(outcome.events.map(RunEvent.init), sessionKey: outcome.run.sessionKey)
        if outcome.resumed {
            queue.wake()
            await link?.runQueued(runID)
        }
        return outcome
    }

    /// Stores `message` for the run's next step (recording `user.injected`);
    /// a pending, running or waiting run takes it, any other is -32005. The
    /// message is a row: it survives a restart, and the step that reads it
    /// consumes it in its own commit.
    public func inject(_ runID: String, message: String, role: String = "user", in scope: Scope) async throws -> InjectionOutcome {
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw RuntimeError.invalid("message must not be blank", path: "params.message")
        }
        let outcome: InjectionOutcome?
        do {
            outcome = try await stores.injections.inject(runID: runID, role: role, message: message, event: { id in
                NewEvent(type: UserInjectedPayload.type, payload: RunRecorder.text(UserInjectedPayload(message: message, role: role, injectionID: id)))
            }, in: scope)
        } catch let error as StoreError where error.code == .invalidState {
            let run = try await get(runID, in: scope)
            throw RunError.invalidState(error.message, runID: runID, status: run.status.rawValue)
        }
        guard let outcome else { throw RunError.notFound(runID) }
        bus.publish(outcome.events.map(RunEvent.init), sessionKey: outcome.run.sessionKey)
        return outcome
    }
}
