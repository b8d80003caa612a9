import Foundation
import Logging
import Memory
import JSON
import Store

/// Drives one claimed run through its steps: model call, tool calls,
/// checkpoint — each step committed with its events in one transaction. A
/// run that has checkpoints resumes after the last one, so a tool call whose
/// result was recorded never runs again.
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
    /// Estimates what a provider did not report and prices every call (`pricing`).
    var meter = UsageMeter()
    /// A role's run starts from its brief, not the bare input (a group
    /// member sees the blackboard so far); set by the engine.
    var brief: (@Sendable (Run, RoleBinding) async throws -> String)?
    let logger = Logger(label: "oi.runtime.executor")

    /// The outcome the queue acts on.
    enum Outcome: Sendable { case finished, released }

    func execute(_ run: Run, control: RunControl) async -> Outcome {
        let recorder = RunRecorder(run: run, events: stores.events, bus: bus, persistTokens: persistTokens)
        let started = ContinuousClock.now
        var steps = 0
        var usage = Usage()
        do {
            let spec = try Self.spec(of: run).over(defaults)
            let states = try await Self.rehydrated(try await stores.checkpoints.list(for: run.id, in: run.scope).map { try CheckpointState.decode($0.state) },
                                                   run: run, stores: stores)
            var messages = states.flatMap(\.messages)
            usage = states.reduce(Usage()) { $0 + $1.usage }
            steps = states.last?.step ?? 0
            recorder.nextCheckpoint = states.count
            // A step parked for approval resumes at its tool calls, without a new model call.
            var parkedCalls = states.last?.awaitingTools == true ? messages.last?.toolCalls : nil
            let loaded = try await skills.load(spec.skills ?? [], in: run.scope)
            if states.isEmpty {
                // A group member starts with the blackboard so far; its checkpoint keeps what it saw.
                var input = run.input
                if let role = spec.role, let brief { input = try await brief(run, role) }
                messages = Self.opening(spec: spec, input: input, skills: loaded.map { ($0.name, $0.instructions) })
                recorder.emit(RunStartedPayload(input: run.input, sessionKey: run.sessionKey, agent: spec.summary, worker: run.leaseOwner ?? ""))
                try await recorder.commit(checkpoint: CheckpointState(step: 0, messages: messages))
            } else {
                recorder.emit(RunResumedPayload(fromStep: steps, attempt: run.attempts, worker: run.leaseOwner ?? ""))
            }
            let provider = try providers.provider(for: spec.modelChoice)
            let allowed = spec.tools.map { Set($0 + loaded.flatMap(\.tools)) }
            let roleTools = spec.role?.tools
            // The model is shown only what its role may use; the policy still judges every call.
            let toolSpecs = tools.all.filter { (allowed?.contains($0.name) ?? true) && (spec.role?.admits($0.name) ?? true) }.map(\.modelSpec)
            let maxSteps = spec.maxSteps ?? 10
            let phase = ToolPhase(run: run, stores: stores, tools: tools, policy: policy, allowed: allowed,
                                  runner: ToolRunner(registry: tools, timeout: toolTimeout, resultCap: resultCap),
                                  workspace: Workspace(root: try workspaces.folder(for: run.scope), maxFileBytes: maxFileBytes),
                                  role: roleTools, memory: memory)
            let promptMemory = memorySettings.enabled ? PromptMemory(memory: memory, topK: memorySettings.promptTopK) : nil
            while true {
                try Task.checkCancellation()
                if let calls = parkedCalls {
                    parkedCalls = nil
                    recorder.step = steps
                    let stepStarted = ContinuousClock.now
                    // What an earlier attempt of this step did is not done again.
                    let recorded = try await RecordedCalls.load(run: run, step: steps, stores: stores)
                    guard let outcome = try await phase.run(calls, recorder: recorder, recorded: recorded) else { return .finished }
                    let results = outcome.messages
                    recorder.emit(StepCompletedPayload(step: steps, resultType: "tool_call", finishReason: "tool_use", usage: UsagePayload(),
                                                       durationMs: (ContinuousClock.now - stepStarted).milliseconds))
                    try await recorder.commit(checkpoint: CheckpointState(step: steps, messages: results, toolResults: calls.map(\.id), inEvents: outcome.inEvents))
                    messages += results
                    continue
                }
                if steps >= maxSteps {
                    try await fail(recorder, code: "max_steps", message: "stopped after \(maxSteps) steps without a final answer",
                                   stopReason: "max_steps", usage: usage, steps: steps, started: started)
                    return .finished
                }
                if let spent = RunBudget(spec).exceeded(by: usage) {
                    try await fail(recorder, code: "budget", message: spent, stopReason: "budget", usage: usage, steps: steps, started: started)
                    return .finished
                }
                steps += 1
                recorder.step = steps
                let stepStarted = ContinuousClock.now
                recorder.emit(StepStartedPayload(step: steps))
                var prompt = messages
                if let promptMemory, let recalled = await promptMemory.build(for: messages, scope: run.scope, roleID: run.roleID, groupID: run.groupID) {
                    recorder.emit(recalled.event)
                    prompt = PromptMemory.insert(recalled.message, into: messages)
                }
                let request = LLMRequest(model: spec.model ?? "", messages: prompt, tools: toolSpecs, temperature: spec.temperature,
                                         maxTokens: spec.maxTokens, toolChoice: steps == 1 ? spec.toolChoice : nil)
                let reply = try await call(provider, request, recorder: recorder)
                usage = usage + reply.usage
                let assistant = ChatMessage(role: .assistant, content: reply.text, toolCalls: reply.calls.isEmpty ? nil : reply.calls)
                if reply.calls.isEmpty {
                    recorder.emit(StepCompletedPayload(step: steps, resultType: "final_answer", finishReason: reply.finish.rawValue,
                                                       usage: Self.payload(reply.usage), durationMs: (ContinuousClock.now - stepStarted).milliseconds))
                    let stopReason = reply.finish == .toolUse ? "end_turn" : reply.finish.rawValue
                    let summaryUsage = await remember(run, messages: messages + [assistant], output: reply.text, steps: steps,
                                                      provider: provider, model: spec.model ?? "", recorder: recorder)
                    usage = usage + summaryUsage
                    recorder.emit(RunCompletedPayload(output: reply.text, stopReason: stopReason, usage: Self.payload(usage),
                                                      durationMs: (ContinuousClock.now - started).milliseconds, steps: steps))
                    try await recorder.commit(
                        checkpoint: CheckpointState(step: steps, messages: [assistant], usage: reply.usage),
                        update: RunUpdate(status: .completed, stopReason: stopReason, output: JSONValue.string(reply.text).description,
                                          usage: Self.tokens(reply.usage + summaryUsage)))
                    return .finished
                }
                let turn = CheckpointState(step: steps, messages: [assistant], usage: reply.usage, awaitingTools: true)
                guard let outcome = try await phase.run(reply.calls, recorder: recorder, turn: turn) else {
                    // Parked: the model's turn is kept so the step resumes at its tool calls once decided.
                    try await recorder.commit(
                        checkpoint: CheckpointState(step: steps, messages: [assistant], usage: reply.usage, awaitingTools: true),
                        update: RunUpdate(status: .waitingApproval, usage: Self.tokens(reply.usage)))
                    return .finished
                }
                recorder.emit(StepCompletedPayload(step: steps, resultType: "tool_call", finishReason: reply.finish.rawValue, usage: Self.payload(reply.usage),
                                                   durationMs: (ContinuousClock.now - stepStarted).milliseconds))
                let results = outcome.messages
                // When the turn is already checkpointed (a side-effecting call ran), this row adds only the results.
                let state = outcome.turnCommitted
                    ? CheckpointState(step: steps, messages: results, toolResults: reply.calls.map(\.id), inEvents: outcome.inEvents)
                    : CheckpointState(step: steps, messages: [assistant] + results, usage: reply.usage, toolResults: reply.calls.map(\.id),
                                      inEvents: outcome.inEvents)
                try await recorder.commit(checkpoint: state, update: RunUpdate(usage: Self.tokens(reply.usage)))
                messages += [assistant] + results
            }
        } catch {
            return await stop(recorder, error: error, control: control, usage: usage, steps: steps, started: started)
        }
    }

    /// Writes the run's episodic summary (by the model when
    /// `memory.summarizer` says so, else extractive) and promotes its durable
    /// facts before the final commit; a model's summary is recorded as
    /// `memory.summarized`. If the process dies in between, the resumed run
    /// writes the summary again, replacing this one (keyed by run id). A
    /// failure here is logged and never fails the run. Returns the summary
    /// call's usage.
    private func remember(_ run: Run, messages: [ChatMessage], output: String, steps: Int, provider: any LLMProvider, model: String,
                          recorder: RunRecorder) async -> Usage {
        guard memorySettings.enabled, memorySettings.autoSummary else { return Usage() }
        let transcript = PromptMemory.transcript(of: run, messages: messages, output: output, steps: steps)
        var written: ModelSummary.Outcome?
        if ModelSummary.applies(memorySettings.summarizer, provider: provider) {
            let outcome = await ModelSummary.write(transcript, provider: provider, model: model)
            if let error = outcome.error {
                logger.warning("the model did not summarize the run; writing an extractive summary",
                               metadata: ["run_id": .string(run.id), "error": .string(error)])
            }
            written = outcome
        }
        let summary = written.flatMap { w in w.text.map { RunSummarizer.summary(of: transcript, written: $0, model: w.model) } }
        do {
            let recorded = try await memory.recordRun(transcript, summary: summary, in: run.scope)
            // A model call is worth a trace entry (it costs tokens); the default extractive summary is silent.
            if let written {
                recorder.emit(MemorySummarizedPayload(memoryID: recorded.summary.id, summarizer: summary == nil ? "extractive" : "model",
                                                      promoted: recorded.promoted, model: written.model, usage: Self.payload(written.usage),
                                                      error: written.error))
            }
        } catch {
            logger.warning("could not write the run summary", metadata: ["run_id": .string(run.id), "error": .string("\(error)")])
        }
        return written.map { meter.priced($0.usage, provider: provider.name, model: model) } ?? Usage()
    }

    /// What a model call produced.
    struct Reply {
        var text = ""
        var calls: [ToolCall] = []
        var usage = Usage()
        var finish = FinishReason.endTurn
    }

    private func call(_ provider: any LLMProvider, _ request: LLMRequest, recorder: RunRecorder) async throws -> Reply {
        let requestBytes = request.messages.reduce(0) { $0 + $1.content.utf8.count }
        var called = LLMCalledPayload(provider: provider.name, model: request.model, attempt: 1, requestBytes: requestBytes,
                                      messageCount: request.messages.count, toolCount: request.tools.count)
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

    func stop(_ recorder: RunRecorder, error: any Error, control: RunControl, usage: Usage, steps: Int, started: ContinuousClock.Instant) async -> Outcome {
        recorder.discardPending()
        if let error = error as? StoreError, error.code == .leaseLost {
            // Another worker resumed the run from its last checkpoint: ours is
            // a stale copy, and nothing it did after that checkpoint is kept.
            logger.warning("lost the run's lease; leaving it to its new owner", metadata: ["run_id": .string(recorder.run.id), "error": .string(error.message)])
            return .released
        }
        if let error = error as? StoreError, error.connectionLost {
            // The database stayed away longer than the writes' retries: the
            // run is not failed for it; it goes back to the queue (as soon as
            // the database answers) and resumes from its last checkpoint.
            logger.warning("the database is unavailable; the run goes back to the queue", metadata: ["run_id": .string(recorder.run.id), "error": .string(error.message)])
            return .released
        }
        do {
            switch control.reason {
            case .shutdown?, .leaseLost?:
                return .released
            case .cancelled?:
                recorder.emit(RunCancelledPayload(usage: Self.payload(usage), steps: steps))
                try await recorder.commit(update: RunUpdate(status: .cancelled, stopReason: "cancelled"))
            case .timeout?:
                try await fail(recorder, code: "timeout", message: "the run exceeded its time limit", stopReason: "timeout", usage: usage, steps: steps, started: started)
            case nil:
                let (code, message) = Self.describe(error)
                logger.warning("run failed", metadata: ["run_id": .string(recorder.run.id), "error": .string(message)])
                try await fail(recorder, code: code, message: message, stopReason: "error", usage: usage, steps: steps, started: started)
            }
        } catch {
            logger.error("could not record the end of a run", metadata: ["run_id": .string(recorder.run.id), "error": .string("\(error)")])
            return .released
        }
        return .finished
    }

    /// Ends the run as failed. `recordUsage`: the run's row takes `usage`
    /// in the same commit (a group run's, which its steps never wrote).
    func fail(_ recorder: RunRecorder, code: String, message: String, stopReason: String, usage: Usage, steps: Int, started: ContinuousClock.Instant,
              recordUsage: Bool = false) async throws {
        let failed = RunFailedPayload(error: ErrorPayload(code: code, message: message), stopReason: stopReason, usage: Self.payload(usage),
                                      durationMs: (ContinuousClock.now - started).milliseconds, steps: steps)
        recorder.emit(failed)
        try await recorder.commit(update: RunUpdate(status: .failed, stopReason: stopReason, error: try JSONValueCoding.encode(failed.error).description,
                                                    usage: recordUsage ? Self.tokens(usage) : nil))
    }

    static func describe(_ error: any Error) -> (String, String) {
        switch error {
        case let e as ProviderError: return ("provider_error", e.description)
        case let e as StoreError: return ("storage_error", e.description)
        case let e as RuntimeError: return ("invalid_agent", e.message)
        case let e as JSONDecodingFailure: return ("invalid_agent", e.message)
        case is CancellationError: return ("cancelled", "the run was cancelled")
        default: return ("internal_error", "\(error)")
        }
    }

    /// The checkpoints with the tool results they left in `tool.result`
    /// events put back (a result is stored once).
    static func rehydrated(_ states: [CheckpointState], run: Run, stores: Database) async throws -> [CheckpointState] {
        let wanted = Set(states.flatMap(\.inEvents))
        guard !wanted.isEmpty else { return states }
        var results: [String: String] = [:]
        var after: Int64 = 0
        while true {
            let page = try await stores.events.list(run.id, in: run.scope, filter: EventFilter(afterSeq: after, types: [EventType.toolResult], limit: 1000))
            for event in page {
                guard let payload = try? JSONParser.parse(event.payload), let id = payload["call_id"]?.stringValue, wanted.contains(id) else { continue }
                results[id] = (payload["result"] ?? .null).description
            }
            guard let last = page.last, page.count == 1000 else { break }
            after = last.seq
        }
        return states.map { state in
            var state = state
            state.messages = state.messages.map { m in
                guard m.role == .tool, let id = m.toolCallID, state.inEvents.contains(id), let content = results[id] else { return m }
                var full = m
                full.content = content
                return full
            }
            return state
        }
    }

    static func spec(of run: Run) throws -> AgentSpec {
        guard let text = run.agentConfig else { return AgentSpec() }
        return try JSONValueCoding.decode(AgentSpec.self, from: JSONParser.parse(text), path: "agent")
    }

    static func opening(spec: AgentSpec, input: String, skills: [(String, String)] = []) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        var system = spec.systemPrompt ?? ""
        for (name, instructions) in skills where !instructions.isEmpty {
            system += (system.isEmpty ? "" : "\n\n") + "## Skill: \(name)\n\(instructions)"
        }
        if !system.isEmpty { messages.append(.system(system)) }
        messages.append(.user(input))
        return messages
    }

    static func payload(_ u: Usage) -> UsagePayload {
        UsagePayload(inputTokens: u.inputTokens, outputTokens: u.outputTokens, cachedTokens: u.cachedTokens, estimated: u.estimated, costNanos: u.costNanos)
    }

    static func tokens(_ u: Usage) -> TokenUsage {
        TokenUsage(inputTokens: u.inputTokens, outputTokens: u.outputTokens, cachedTokens: u.cachedTokens, estimated: u.estimated,
                   costNanos: u.costNanos, model: u.model)
    }
}
