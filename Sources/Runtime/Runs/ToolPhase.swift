import Foundation
import Memory
import RPC
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

    func run(_ calls: [ToolCall], recorder: RunRecorder) async throws -> [ChatMessage]? {
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
        var context = ToolContext(orgID: run.scope.orgID, userID: run.scope.userID, projectID: run.scope.projectID,
                                  runID: run.id, callID: "", workspace: workspace,
                                  memory: memory, roleID: run.roleID, groupID: run.groupID, sessionKey: run.sessionKey)
        for (call, verdict) in zip(calls, verdicts) {
            try Task.checkCancellation()
            let output: ToolOutput
            switch verdict {
            case .blocked(let rule, let reason):
                recorder.emit(EventType.toolBlocked, ["call_id": .string(call.id), "tool_name": .string(call.name), "args": call.arguments,
                                                     "reason": .string(reason), "rule": .string(rule)])
                output = .error("blocked by policy (\(rule)): \(reason)")
            case .denied(let reason):
                output = .error("the user denied this call: \(reason)")
                recorder.emit(EventType.toolResult, ["call_id": .string(call.id), "tool_name": .string(call.name), "result": output.content,
                                                    "is_error": true, "duration_ms": 0])
            case .run:
                recorder.emit(EventType.toolCalled, ["call_id": .string(call.id), "tool_name": .string(call.name), "args": call.arguments])
                context.callID = call.id
                let outcome = try await execute(call, context: context, recorder: recorder)
                try Task.checkCancellation()
                output = outcome.output
                recorder.emit(EventType.toolResult, ["call_id": .string(call.id), "tool_name": .string(call.name), "result": output.content,
                                                    "is_error": .bool(output.isError), "duration_ms": .int(outcome.durationMs)])
            }
            results.append(ChatMessage(role: .tool, content: output.content.description, toolCallID: call.id, name: call.name))
        }
        return results
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
            recorder.emit(EventType.toolRequiresApproval, ["call_id": .string(call.id), "tool_name": .string(call.name), "args": call.arguments,
                                                          "reason": .string(reason), "risk_level": .string(risk.rawValue)])
        }
        recorder.emit(EventType.runWaiting, ["call_ids": .array(waiting.map { .string($0.0.id) })])
    }
}
