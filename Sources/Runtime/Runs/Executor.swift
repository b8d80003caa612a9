import Foundation
import Logging
import Memory
import JSON
import Store

/// Drives one claimed run through its steps: model call, tool calls,
/// checkpoint — each step committed with its events in one transaction. A
/// run that has checkpoints resumes after the last one, so a tool call whose
/// result was recorded never runs again. A run starts from its session's
/// earlier turns; each step reads the messages injected since the last one,
/// compacts the prompt when it would not fit the model's window, and stops a
/// doom loop; a token or cost budget (`RunBudget`) ends the run when it is spent.
struct Executor: RunDriver {
    let stores: Database
    let bus: EventBus
    let tools: ToolRegistry
    let providers: ProviderResolver
    let defaults: AgentSpec
    /// Each private scope's workspace folder under the workspace root.
    let workspaces: TenantFolders
    let toolTimeout: Duration
    let maxFileBytes: Int
    let policy: ToolPolicy
    let skills: SkillService
    /// Core blocks and retrieved memories in every prompt and run summaries
    /// at the end (when `memorySettings` enable them); blackboard entries.
    let memory: MemoryService
    let memorySettings: MemorySettings
    /// `agent.persistLlmTokens`: false sends `llm.token` to live subscribers only.
    let persistTokens: Bool
    /// `tools.maxResultBytes`: what a tool result may weigh in the prompt.
    var resultCap = ToolResultCap()
    /// `tools.maxParallel`: read-only calls of one turn run at once.
    var maxParallel = 8
    /// The `sandbox.*` settings the file tools and `exec_command` follow.
    var sandbox = SandboxSettings()
    /// Estimates what a provider did not report and prices every call (`pricing`).
    var meter = UsageMeter()
    /// A role's run starts from its brief, not the bare input (a group
    /// member sees the blackboard so far); set by the engine.
    var brief: (@Sendable (Run, RoleBinding) async throws -> String)?
    /// Sessions an editor of this process is attached to: their runs get its
    /// tools (over the process's) and its files.
    var attachments = SessionAttachments()
    let logger = Logger(label: "oi.runtime.executor")

    /// The outcome the queue acts on.
    enum Outcome: Sendable { case finished, released }

    func execute(_ run: Run, control: RunControl) async -> Outcome {
        let recorder = RunRecorder(run: run, events: stores.events, bus: bus, persistTokens: persistTokens)
        let began = ContinuousClock.now
        var steps = 0
        var usage = Usage()
        do {
            let spec = try Self.spec(of: run).over(defaults)
            let states = try await Self.rehydrated(try await stores.checkpoints.list(for: run.id, in: run.scope).map { try CheckpointState.decode($0.state) },
                                                   run: run, stores: stores)
            var conversation = Conversation(states)
            usage = states.reduce(Usage()) { $0 + $1.usage }
            // What its delegated runs spent counts toward the run's budget.
            let delegatedUsage = try await stores.runs.children(of: run.id, in: run.scope).reduce(Usage()) { $0 + Usage($1.usage) }
            steps = states.last?.step ?? 0
            recorder.nextCheckpoint = states.count
            // A step parked for approval resumes at its tool calls, without a new model call.
            var parkedCalls = states.last?.awaitingTools == true ? conversation.own.last?.toolCalls : nil
            let loaded = try await skills.load(spec.skills ?? [], in: run.scope)
            let providerName = (spec.provider ?? "").replacingOccurrences(of: "mock", with: "scripted")
            let window = spec.contextWindow ?? TokenEstimate.defaultContextWindow(providerName)
            let reserve = min(spec.maxTokens ?? 1024, window / 4)
            if states.isEmpty {
                // A group member starts with the blackboard so far; its checkpoint keeps what it saw.
                var input = run.input
                if let role = spec.role, run.groupID != nil, let brief { input = try await brief(run, role) }
                var opening = Self.opening(spec: spec, input: input, skills: loaded.map { ($0.name, $0.instructions) })
                if let refs = spec.attachments, !refs.isEmpty, let last = opening.indices.last {
                    // The attachments join the first message: images as parts, documents as text.
                    var files: [(Upload, Data)] = []
                    for ref in refs { if let found = try await stores.uploads.contents(ref.uploadID, in: run.scope) { files.append(found) } }
                    opening[last] = await AttachmentReader.message(input: input, attachments: files)
                }
                // Only a top-level run continues its session's conversation. Up to
                // twice the window is loaded: compaction summarises what does not fit.
                let history = run.parentRunID == nil
                    ? try await SessionHistory.load(for: run, turns: spec.historyTurns ?? 20, tokenBudget: 2 * (window - reserve),
                                                    provider: providerName, stores: stores)
                    : []
                var started = RunStartedPayload(input: run.input, sessionKey: run.sessionKey, agent: spec.summary, worker: run.leaseOwner ?? "")
                started.historyMessages = history.count
                recorder.emit(started)
                let first = CheckpointState(step: 0, messages: opening, history: history)
                try await recorder.commit(checkpoint: first)
                conversation = Conversation([first])
            } else {
                recorder.emit(RunResumedPayload(fromStep: steps, attempt: run.attempts, worker: run.leaseOwner ?? ""))
            }
            let provider = try providers.provider(for: spec.modelChoice)
            // An editor's session adds its own tools over the process's, and may offer its files.
            let attachment = attachments.attachment(session: run.sessionKey, in: run.scope)
            let tools = attachment?.tools ?? self.tools
            // A tool named by an old name (`file_write`) is allowed by its new one too, and the other way round.
            let allowed = spec.tools.map { Set(($0 + loaded.flatMap(\.tools)).flatMap(ToolAliases.names(of:))) }
            let roleTools = spec.role?.tools
            // The model is shown only what its role may use; the policy still judges every call.
            let toolSpecs = tools.all.filter { (allowed?.contains($0.name) ?? true) && (spec.role?.admits($0.name) ?? true) }.map(\.modelSpec)
            let maxSteps = spec.maxSteps ?? 10
            // An editor's session works in its own folder, where the data folder (if inside) stays out of reach.
            let workspace = try spec.workspace.map { Workspace(root: try Workspace.clientRoot($0), maxFileBytes: maxFileBytes, rules: sandbox.rules(),
                                                               hiding: sandbox.hidden) }
                ?? Workspace(root: try workspaces.folder(for: run.scope), maxFileBytes: maxFileBytes, rules: sandbox.rules())
            var phase = ToolPhase(run: run, stores: stores, tools: tools, policy: policy, allowed: allowed,
                                  runner: ToolRunner(registry: tools, timeout: toolTimeout, resultCap: resultCap),
                                  workspace: workspace, role: roleTools, memory: memory, maxParallel: maxParallel)
            phase.files = attachment?.files
            let promptMemory = memorySettings.enabled ? PromptMemory(memory: memory, topK: memorySettings.promptTopK) : nil
            let doom = DoomLoop(threshold: spec.doomLoopThreshold ?? 3)
            let compactor = Compactor(window: window, reserve: reserve, provider: provider, model: spec.model ?? "")
            let toolTokens = TokenEstimate.tools(toolSpecs, provider: provider.name)
            // Images' bytes, read once per execution and only for model calls.
            var imageData: [String: String] = [:]
            while true {
                try Task.checkCancellation()
                if let calls = parkedCalls {
                    parkedCalls = nil
                    recorder.step = steps
                    let stepStarted = ContinuousClock.now
                    // What an earlier attempt of this step did is not done again.
                    let recorded = try await RecordedCalls.load(run: run, step: steps, stores: stores)
                    let refused = Self.refusals(doom.check(calls, after: conversation.own.dropLast()), calls)
                    let ran: ToolPhase.Outcome?
                    do {
                        ran = try await phase.run(calls, recorder: recorder, recorded: recorded, refused: refused)
                    } catch let wait as AwaitingChildren {
                        try await parkForChildren(wait, recorder: recorder, usage: nil)
                        return .finished
                    }
                    guard let outcome = ran else { return .finished }
                    recorder.emit(StepCompletedPayload(step: steps, resultType: "tool_call", finishReason: "tool_use", usage: UsagePayload(),
                                                       durationMs: (ContinuousClock.now - stepStarted).milliseconds))
                    let state = CheckpointState(step: steps, messages: outcome.messages, toolResults: calls.map(\.id), inEvents: outcome.inEvents)
                    try await recorder.commit(checkpoint: state)
                    conversation.append(state)
                    continue
                }
                if steps >= maxSteps {
                    try await fail(recorder, code: "max_steps", message: "stopped after \(maxSteps) steps without a final answer",
                                   stopReason: "max_steps", usage: usage, steps: steps, started: began)
                    return .finished
                }
                if let spent = RunBudget(spec).exceeded(by: usage + delegatedUsage) {
                    try await fail(recorder, code: "budget", message: spent, stopReason: "budget", usage: usage, steps: steps, started: began)
                    return .finished
                }
                steps += 1
                recorder.step = steps
                let stepStarted = ContinuousClock.now
                recorder.emit(StepStartedPayload(step: steps))
                // Messages injected since the last step join this one; its commit consumes them.
                let injected = try await stores.injections.waiting(runID: run.id, in: run.scope)
                var prelude = CheckpointState(step: steps, messages: injected.map(Self.message), injections: injected.map(\.id))
                var prompt = conversation.prompt
                let extra = TokenEstimate.messages(prelude.messages, provider: provider.name) + toolTokens
                if let compacted = try await compactor.compact(prompt, extra: extra) {
                    prelude.compaction = compacted.compaction
                    prompt = compacted.prompt
                    prelude.usage = meter.priced(compacted.usage, provider: provider.name, model: spec.model ?? "")
                    recorder.emit(RunCompactedPayload(
                        messagesBefore: conversation.prompt.count + prelude.messages.count, messagesAfter: prompt.count + prelude.messages.count,
                        tokensSaved: max(0, compacted.tokensBefore - compacted.tokensAfter), summary: compacted.compaction.summary,
                        summarizer: compacted.summarizer, tokensBefore: compacted.tokensBefore, tokensAfter: compacted.tokensAfter, contextWindow: window))
                }
                prompt += prelude.messages
                if let promptMemory, let recalled = await promptMemory.build(for: prompt, scope: run.scope, roleID: run.roleID, groupID: run.groupID) {
                    recorder.emit(recalled.event)
                    prompt = PromptMemory.insert(recalled.message, into: prompt)
                }
                prompt = try await AttachmentReader.load(prompt, cache: &imageData, stores: stores, scope: run.scope)
                let request = LLMRequest(model: spec.model ?? "", messages: prompt, tools: toolSpecs, temperature: spec.temperature,
                                         maxTokens: spec.maxTokens, toolChoice: steps == 1 ? spec.toolChoice : nil, turn: steps - 1)
                let reply = try await call(provider, request, recorder: recorder, window: window)
                usage = usage + reply.usage + prelude.usage
                let assistant = ChatMessage(role: .assistant, content: reply.text, toolCalls: reply.calls.isEmpty ? nil : reply.calls)
                var turn = prelude
                turn.messages.append(assistant)
                turn.usage = reply.usage + prelude.usage
                if reply.calls.isEmpty {
                    recorder.emit(StepCompletedPayload(step: steps, resultType: "final_answer", finishReason: reply.finish.rawValue,
                                                       usage: Self.payload(reply.usage), durationMs: (ContinuousClock.now - stepStarted).milliseconds))
                    // A message injected while the model answered is read before the run ends.
                    let arrived = try await stores.injections.waiting(runID: run.id, in: run.scope).filter { !prelude.injections.contains($0.id) }
                    if !arrived.isEmpty {
                        try await recorder.commit(checkpoint: turn, update: RunUpdate(usage: Self.tokens(turn.usage)))
                        conversation.append(turn)
                        continue
                    }
                    let stopReason = reply.finish == .toolUse ? "end_turn" : reply.finish.rawValue
                    let summaryUsage = await remember(run, messages: conversation.own + turn.messages, output: reply.text, steps: steps,
                                                      provider: provider, model: spec.model ?? "", recorder: recorder)
                    usage = usage + summaryUsage
                    recorder.emit(RunCompletedPayload(output: reply.text, stopReason: stopReason, usage: Self.payload(usage),
                                                      durationMs: (ContinuousClock.now - began).milliseconds, steps: steps))
                    try await recorder.commit(
                        checkpoint: turn,
                        update: RunUpdate(status: .completed, stopReason: stopReason, output: JSONValue.string(reply.text).description,
                                          usage: Self.tokens(turn.usage + summaryUsage)))
                    return .finished
                }
                let verdict = doom.check(reply.calls, after: conversation.own)
                if let end = verdict.ends, let call = reply.calls.first(where: { $0.id == end.callID }) {
                    recorder.emit(RunWarningPayload(code: RunWarningPayload.doomLoop, message: "\(call.name) was called \(end.repeats) times in a row with the same arguments; the run ends",
                                                    context: Self.doomContext(call, repeats: end.repeats, threshold: doom.threshold)))
                    try await fail(recorder, code: "doom_loop", message: "\(call.name) was called \(end.repeats) times in a row with the same arguments",
                                   stopReason: "doom_loop", usage: usage, steps: steps, started: began)
                    return .finished
                }
                for call in reply.calls {
                    guard let repeats = verdict.refused[call.id] else { continue }
                    recorder.emit(RunWarningPayload(code: RunWarningPayload.doomLoop, message: DoomLoop.message(call, repeats: repeats),
                                                    context: Self.doomContext(call, repeats: repeats, threshold: doom.threshold)))
                }
                var parked = turn
                parked.awaitingTools = true
                let ran: ToolPhase.Outcome?
                do {
                    ran = try await phase.run(reply.calls, recorder: recorder, turn: parked, refused: Self.refusals(verdict, reply.calls))
                } catch let wait as AwaitingChildren {
                    // The turn was committed before the call ran: the step resumes at its calls once the children end.
                    try await parkForChildren(wait, recorder: recorder, usage: Self.tokens(turn.usage))
                    return .finished
                }
                guard let outcome = ran else {
                    // Parked: the model's turn is kept so the step resumes at its tool calls once decided.
                    try await recorder.commit(checkpoint: parked, update: RunUpdate(status: .waitingApproval, usage: Self.tokens(turn.usage)))
                    return .finished
                }
                recorder.emit(StepCompletedPayload(step: steps, resultType: "tool_call", finishReason: reply.finish.rawValue, usage: Self.payload(reply.usage),
                                                   durationMs: (ContinuousClock.now - stepStarted).milliseconds))
                // When the turn is already checkpointed (a side-effecting call ran), this row adds only the results.
                var state: CheckpointState
                if outcome.turnCommitted {
                    conversation.append(parked)
                    state = CheckpointState(step: steps, messages: outcome.messages, toolResults: reply.calls.map(\.id), inEvents: outcome.inEvents)
                } else {
                    state = turn
                    state.messages += outcome.messages
                    state.toolResults = reply.calls.map(\.id)
                    state.inEvents = outcome.inEvents
                }
                try await recorder.commit(checkpoint: state, update: RunUpdate(usage: Self.tokens(turn.usage)))
                conversation.append(state)
            }
        } catch {
            return await stop(recorder, error: error, control: control, usage: usage, steps: steps, started: began)
        }
    }

    /// Parks the run until the children a delegation call made end: records
    /// `run.delegated` and `waiting_children` in one commit (the step's turn
    /// is already checkpointed); the queue's fan-in puts it back once the
    /// last child ends, and the step resumes at its calls.
    func parkForChildren(_ wait: AwaitingChildren, recorder: RunRecorder, usage: TokenUsage?) async throws {
        recorder.emit(RunDelegatedPayload(callID: wait.callID, toolName: wait.toolName, childRunIDs: wait.childRunIDs))
        try await recorder.commit(update: RunUpdate(status: .waitingChildren, usage: usage))
    }

    /// What the doom-loop guard tells the model for each call it refuses.
    static func refusals(_ verdict: DoomLoop.Verdict, _ calls: [ToolCall]) -> [String: String] {
        var out: [String: String] = [:]
        for call in calls { if let repeats = verdict.refused[call.id] { out[call.id] = DoomLoop.message(call, repeats: repeats) } }
        return out
    }

    static func doomContext(_ call: ToolCall, repeats: Int, threshold: Int) -> JSONValue {
        ["tool_name": .string(call.name), "args": call.arguments, "call_id": .string(call.id), "repeats": .int(Int64(repeats)),
         "threshold": .int(Int64(threshold))]
    }

    /// What a model call produced.
    struct Reply {
        var text = ""
        var calls: [ToolCall] = []
        var usage = Usage()
        var finish = FinishReason.endTurn
    }

    private func call(_ provider: any LLMProvider, _ request: LLMRequest, recorder: RunRecorder, window: Int) async throws -> Reply {
        let requestBytes = request.messages.reduce(0) { $0 + $1.content.utf8.count }
        var called = LLMCalledPayload(provider: provider.name, model: request.model, attempt: 1, requestBytes: requestBytes,
                                      messageCount: request.messages.count, toolCount: request.tools.count,
                                      estimatedTokens: TokenEstimate.request(request, provider: provider.name), contextWindow: window)
        recorder.emit(called)
        var reply = Reply()
        var reported: Usage?
        for try await tick in TickingStream.wrap(provider.stream(request), every: RunRecorder.flushInterval) {
            guard let delta = tick else {
                try await recorder.flushIfDue()
                continue
            }
            switch delta {
            case .text(let t):
                reply.text += t
                recorder.token(t)
                try await recorder.flushIfDue()
            case .toolCall(let c): reply.calls.append(c)
            case .usage(let u): reported = u
            case .finish(let f): reply.finish = f
            case .retrying(let attempt, let reason, let delayMs):
                called.attempt = attempt + 1
                called.retryReason = reason
                called.retryDelayMs = delayMs
                recorder.emit(called)
            }
        }
        // A cancelled consumer sees the stream simply end: that is not an answer.
        try Task.checkCancellation()
        reply.usage = meter.measured(reported, request: request, text: reply.text, calls: reply.calls, provider: provider.name)
        return reply
    }

}
