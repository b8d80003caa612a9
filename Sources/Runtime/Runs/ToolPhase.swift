import Foundation
import Memory
import JSON
import Store

/// The tool half of a step: every call is judged first (a doom loop, the
/// policy); a call that needs an approval nobody gave yet parks the whole
/// step (nothing of it runs); blocked, denied and refused calls become error
/// results the model reads. The rest run in the model's order, where
/// consecutive read-only calls run concurrently (at most `maxParallel` at
/// once) and the others one by one; results (and their events) go back in
/// call order. Returns the tool messages, or nil if parked.
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
    /// `tools.maxParallel`.
    var maxParallel = 8
    /// The editor's files, for the file tools (an attached editor's session).
    var files: (any ClientFiles)?

    init(run: Run, stores: Database, tools: ToolRegistry, policy: ToolPolicy, allowed: Set<String>?, runner: ToolRunner,
         workspace: Workspace, role: ToolPolicy.RoleTools? = nil, memory: MemoryService? = nil, maxParallel: Int = 8) {
        self.run = run
        self.stores = stores
        self.tools = tools
        self.policy = policy
        self.allowed = allowed
        self.runner = runner
        self.workspace = workspace
        self.role = role
        self.memory = memory
        self.maxParallel = max(1, maxParallel)
    }

    enum Verdict {
        /// Run it, with these arguments (an approver's edit, or the model's own).
        case run(arguments: JSONValue, edited: Bool)
        case blocked(rule: String, reason: String)
        case denied(reason: String)
        /// Not run: the doom-loop guard refused it.
        case refused(message: String)
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
    /// earlier attempt of this step already did; `refused` are the calls the
    /// doom-loop guard stops, with the message the model gets.
    func run(_ calls: [ToolCall], recorder: RunRecorder, recorded: RecordedCalls = .none, turn: CheckpointState? = nil,
             refused: [String: String] = [:]) async throws -> Outcome? {
        var verdicts: [Verdict] = []
        var waiting: [(ToolCall, String, RiskLevel)] = []
        for call in calls {
            if let message = refused[call.id] {
                verdicts.append(.refused(message: message))
                continue
            }
            let (verdict, asks) = try await judge(call)
            verdicts.append(verdict)
            if let asks { waiting.append((call, asks.reason, asks.risk)) }
        }
        if !waiting.isEmpty {
            try await park(waiting, recorder: recorder)
            return nil
        }
        var outputs = [ToolOutput?](repeating: nil, count: calls.count)
        var pending = turn
        let context = ToolContext(orgID: run.scope.orgID, userID: run.scope.userID, projectID: run.scope.projectID,
                                  runID: run.id, callID: "", workspace: workspace,
                                  memory: memory, roleID: run.roleID, groupID: run.groupID, sessionKey: run.sessionKey, files: files)
        let batch = ToolBatch(runner: runner, allowed: allowed, context: context, recorder: recorder, step: recorder.step)
        // Calls go in the model's order; a run of consecutive read-only calls goes at once.
        var group: [ToolBatch.Job] = []
        var serial: [ToolBatch.Job] = []
        func flushGroups() async throws {
            if !group.isEmpty {
                for (index, output) in try await batch.parallel(group, width: maxParallel, announce: group.count > 1) { outputs[index] = output }
                group = []
            }
            if !serial.isEmpty {
                for (index, output) in try await batch.serial(serial, turn: &pending, announce: serial.count > 1) { outputs[index] = output }
                serial = []
            }
        }
        for (index, (call, verdict)) in zip(calls, verdicts).enumerated() {
            try Task.checkCancellation()
            if case .run = verdict, recorded.outcomes[call.id] == nil, !(recorded.started.contains(call.id) && !isReadOnly(call) && !isIdempotent(call)) {
                // Fresh: joins the batch of its kind (a change of kind closes the other).
                if isReadOnly(call) {
                    if !serial.isEmpty { try await flushGroups() }
                    group.append((index, call, verdict))
                } else {
                    if !group.isEmpty { try await flushGroups() }
                    serial.append((index, call, verdict))
                }
                continue
            }
            try await flushGroups()
            switch verdict {
            case .blocked(let rule, let reason):
                if !recorded.blocked.contains(call.id) {
                    recorder.emit(ToolBlockedPayload(callID: call.id, toolName: call.name, args: call.arguments, reason: reason, rule: rule))
                }
                outputs[index] = .error("blocked by policy (\(rule)): \(reason)")
            case .denied(let reason):
                outputs[index] = settled(call, .error("the user denied this call: \(reason)"), recorded: recorded, recorder: recorder)
            case .refused(let message):
                outputs[index] = settled(call, .error(message), recorded: recorded, recorder: recorder)
            case .run:
                if let done = recorded.outcomes[call.id] {
                    // Its outcome is stored: never run twice.
                    outputs[index] = ToolOutput(done.result, isError: done.isError)
                } else {
                    // It started before a crash and its outcome is unknown: at most once.
                    let output = ToolOutput.error("interrupted by a restart; outcome unknown")
                    recorder.emit(ToolInterruptedPayload(callID: call.id, toolName: call.name, args: call.arguments,
                                                         reason: "the process running the call stopped before its outcome was recorded"))
                    recorder.emit(ToolResultPayload(callID: call.id, toolName: call.name, result: output.content, isError: true, durationMs: 0))
                    try await recorder.flush()
                    outputs[index] = output
                }
            }
        }
        try await flushGroups()
        var results: [ChatMessage] = []
        var inEvents: [String] = []
        for (index, call) in calls.enumerated() {
            let output = outputs[index] ?? .error("the call was not run")
            results.append(ChatMessage(role: .tool, content: output.content.description, toolCallID: call.id, name: call.name))
            if case .blocked = verdicts[index] {} else { inEvents.append(call.id) }
        }
        return Outcome(messages: results, turnCommitted: turn != nil && pending == nil, inEvents: inEvents)
    }

    private func isReadOnly(_ call: ToolCall) -> Bool { tools.tool(named: call.name)?.isReadOnly ?? false }
    private func isIdempotent(_ call: ToolCall) -> Bool { tools.tool(named: call.name)?.isIdempotent ?? false }

    /// An outcome decided without running the call, recorded once.
    private func settled(_ call: ToolCall, _ output: ToolOutput, recorded: RecordedCalls, recorder: RunRecorder) -> ToolOutput {
        if recorded.outcomes[call.id] == nil {
            recorder.emit(ToolResultPayload(callID: call.id, toolName: call.name, result: output.content, isError: true, durationMs: 0))
        }
        return output
    }

    /// The policy's verdict on one call, given what approvers decided; a
    /// call that still needs an approval comes back with why.
    private func judge(_ call: ToolCall) async throws -> (Verdict, asks: (reason: String, risk: RiskLevel)?) {
        let risk = tools.tool(named: call.name)?.risk ?? .low
        let standing = try await stores.toolGrants.standing(call.name, in: run.scope)
        if standing == .block {
            return (.blocked(rule: "reject_always:\(call.name)", reason: "the user chose to always reject \(call.name)"), nil)
        }
        switch policy.decide(call, risk: risk, role: role, granted: standing == .allow) {
        case .allow:
            return (.run(arguments: call.arguments, edited: false), nil)
        case .block(let rule, let reason):
            return (.blocked(rule: rule, reason: reason), nil)
        case .ask(_, let reason):
            let approval = try await stores.approvals.get(runID: run.id, callID: call.id, in: run.scope)
            switch approval?.status {
            case .allowed?:
                guard let text = try await stores.approvals.modifiedArgs(runID: run.id, callID: call.id, in: run.scope),
                      let edited = try? JSONParser.parse(text) else { return (.run(arguments: call.arguments, edited: false), nil) }
                // An approver's edit is still judged by the rules that block (never by the ones that ask again).
                var changed = call
                changed.arguments = edited
                if case .block(let rule, let why) = policy.decide(changed, risk: risk, role: role, granted: true) {
                    return (.blocked(rule: rule, reason: why), nil)
                }
                return (.run(arguments: edited, edited: true), nil)
            case .denied?:
                return (.denied(reason: approval?.reason ?? "denied by the user"), nil)
            case .pending?, nil:
                return (.run(arguments: call.arguments, edited: false), (reason, risk))
            }
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
