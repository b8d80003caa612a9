import Foundation
import Memory
import JSON
import Store

/// The tool half of a step: every call is judged by the policy first; a
/// call that needs an approval nobody gave yet parks the whole step (nothing
/// of it runs); blocked and denied calls become error results the model
/// reads; the rest run in order. Returns the tool messages, or nil if parked.
struct ToolPhase {
    let run: Run
    let stores: Database
    let tools: ToolRegistry
    let policy: ToolPolicy
    let allowed: Set<String>?
    let runner: ToolRunner
    let workspace: Workspace
    var role: ToolPolicy.RoleTools?
    var memory: MemoryService?

    init(run: Run, stores: Database, tools: ToolRegistry, policy: ToolPolicy, allowed: Set<String>?, runner: ToolRunner,
         workspace: Workspace, role: ToolPolicy.RoleTools? = nil, memory: MemoryService? = nil) {
        self.run = run
        self.stores = stores
        self.tools = tools
        self.policy = policy
        self.allowed = allowed
        self.runner = runner
        self.workspace = workspace
        self.role = role
        self.memory = memory
    }

    private enum Verdict {
        case run
        case blocked(rule: String, reason: String)
        case denied(reason: String)
    }

    /// The tool messages, and whether `turn` was committed on the way (then
    /// the step's own checkpoint holds only the results).
    struct Outcome {
        var messages: [ChatMessage]
        var turnCommitted: Bool
        /// Calls whose result is in a `tool.result` event (all but blocked
        /// ones): the checkpoint need not store their content again.
        var inEvents: [String]
    }

    /// Runs the calls of one model turn. Before the first call that is not
    /// read-only runs, `turn` (the model's turn, as a checkpoint) is
    /// committed with the call's `tool.called`, so a restart resumes this
    /// step at its calls instead of asking the model again; each such call's
    /// start and outcome are committed around it. `recorded` says what an
    /// earlier attempt of this step already did.
    func run(_ calls: [ToolCall], recorder: RunRecorder, recorded: RecordedCalls = .none, turn: CheckpointState? = nil) async throws -> Outcome? {
        var verdicts: [Verdict] = []
        var waiting: [(ToolCall, String, RiskLevel)] = []
        for call in calls {
            let risk = tools.tool(named: call.name)?.risk ?? .low
            let granted = try await stores.toolGrants.isGranted(call.name, in: run.scope)
            switch policy.decide(call, risk: risk, role: role, granted: granted) {
            case .allow:
                verdicts.append(.run)
            case .block(let rule, let reason):
                verdicts.append(.blocked(rule: rule, reason: reason))
            case .ask(_, let reason):
                switch try await stores.approvals.get(runID: run.id, callID: call.id, in: run.scope)?.status {
                case .allowed?: verdicts.append(.run)
                case .denied?:
                    let approval = try await stores.approvals.get(runID: run.id, callID: call.id, in: run.scope)
                    verdicts.append(.denied(reason: approval?.reason ?? "denied by the user"))
                case .pending?, nil:
                    verdicts.append(.run)
                    waiting.append((call, reason, risk))
                }
            }
        }
        if !waiting.isEmpty {
            try await park(waiting, recorder: recorder)
            return nil
        }
        var results: [ChatMessage] = []
        var inEvents: [String] = []
        let hadTurn = turn != nil
        var turn = turn
        var context = ToolContext(orgID: run.scope.orgID, userID: run.scope.userID, projectID: run.scope.projectID,
                                  runID: run.id, callID: "", workspace: workspace,
                                  memory: memory, roleID: run.roleID, groupID: run.groupID, sessionKey: run.sessionKey)
        for (call, verdict) in zip(calls, verdicts) {
            try Task.checkCancellation()
            let output: ToolOutput
            switch verdict {
            case .blocked(let rule, let reason):
                if !recorded.blocked.contains(call.id) {
                    recorder.emit(ToolBlockedPayload(callID: call.id, toolName: call.name, args: call.arguments, reason: reason, rule: rule))
                }
                output = .error("blocked by policy (\(rule)): \(reason)")
            case .denied(let reason):
                output = .error("the user denied this call: \(reason)")
                if recorded.outcomes[call.id] == nil {
                    recorder.emit(ToolResultPayload(callID: call.id, toolName: call.name, result: output.content, isError: true, durationMs: 0))
                }
            case .run:
                let readOnly = tools.tool(named: call.name)?.isReadOnly ?? false
                if let done = recorded.outcomes[call.id] {
                    // Its outcome is stored: never run twice.
                    output = ToolOutput(done.result, isError: done.isError)
                } else if recorded.started.contains(call.id) && !readOnly {
                    // It started before a crash and its outcome is unknown: at most once.
                    output = .error("interrupted by a restart; outcome unknown")
                    recorder.emit(ToolInterruptedPayload(callID: call.id, toolName: call.name, args: call.arguments,
                                                         reason: "the process running the call stopped before its outcome was recorded"))
                    recorder.emit(ToolResultPayload(callID: call.id, toolName: call.name, result: output.content, isError: true, durationMs: 0))
                    try await recorder.flush()
                } else {
                    recorder.emit(ToolCalledPayload(callID: call.id, toolName: call.name, args: call.arguments))
                    if !readOnly {
                        // The start is durable before the call runs (with the model's turn, the first time).
                        if let pending = turn {
                            try await recorder.commit(checkpoint: pending)
                            turn = nil
                        } else {
                            try await recorder.flush()
                        }
                    }
                    context.callID = call.id
                    let outcome = try await execute(call, context: context, recorder: recorder)
                    try Task.checkCancellation()
                    output = outcome.output
                    recorder.emit(ToolResultPayload(callID: call.id, toolName: call.name, result: output.content, isError: output.isError,
                                                    durationMs: outcome.durationMs))
                    if !readOnly { try await recorder.flush() }
                }
            }
            results.append(ChatMessage(role: .tool, content: output.content.description, toolCallID: call.id, name: call.name))
            if case .blocked = verdict {} else { inEvents.append(call.id) }
        }
        return Outcome(messages: results, turnCommitted: hadTurn && turn == nil, inEvents: inEvents)
    }

    /// Runs one call. One that is still running after the recorder's flush
    /// interval has its `tool.called` written meanwhile: a tool may take up
    /// to its timeout, and viewers should see which one is running.
    private func execute(_ call: ToolCall, context: ToolContext, recorder: RunRecorder) async throws -> ToolRunner.Outcome {
        let runner = self.runner, allowed = self.allowed
        return try await withThrowingTaskGroup(of: ToolRunner.Outcome?.self) { group in
            group.addTask { await runner.run(call, allowed: allowed, context: context) }
            group.addTask {
                try await Task.sleep(for: RunRecorder.flushInterval)
                return nil
            }
            defer { group.cancelAll() }
            while let next = try await group.next() {
                if let outcome = next { return outcome }
                try await recorder.flush()
            }
            throw CancellationError()  // not reached: the runner's child always ends with an outcome
        }
    }

    /// Records the approvals asked for; the caller commits the parked step.
    private func park(_ waiting: [(ToolCall, String, RiskLevel)], recorder: RunRecorder) async throws {
        for (call, reason, risk) in waiting {
            if try await stores.approvals.get(runID: run.id, callID: call.id, in: run.scope) == nil {
                _ = try await stores.approvals.create(NewApproval(callID: call.id, toolName: call.name, args: call.arguments.description),
                                                      for: run.id, in: run.scope)
            }
            recorder.emit(ToolRequiresApprovalPayload(callID: call.id, toolName: call.name, args: call.arguments, reason: reason, riskLevel: risk.rawValue))
        }
        recorder.emit(RunWaitingPayload(callIDs: waiting.map(\.0.id)))
    }
}
