import Foundation
import Logging
import Memory
import JSON
import Store

extension Executor {
    /// Writes the run's episodic summary (by the model when
    /// `memory.summarizer` says so, else extractive) and promotes its durable
    /// facts before the final commit; a model's summary is recorded as
    /// `memory.summarized`. If the process dies in between, the resumed run
    /// writes the summary again, replacing this one (keyed by run id). A
    /// failure here is logged and never fails the run. Returns the summary
    /// call's usage.
    func remember(_ run: Run, messages: [ChatMessage], output: String, steps: Int, provider: any LLMProvider, model: String,
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
            // Children that have not ended go first: nothing would ever run them once their parent has ended.
            case .cancelled?:
                await cancelOpenChildren(of: recorder.run, reason: "the parent run was cancelled")
                recorder.emit(RunCancelledPayload(usage: Self.payload(usage), steps: steps))
                try await recorder.commit(update: RunUpdate(status: .cancelled, stopReason: "cancelled"))
            case .timeout?:
                await cancelOpenChildren(of: recorder.run, reason: "the parent run timed out")
                try await fail(recorder, code: "timeout", message: "the run exceeded its time limit", stopReason: "timeout", usage: usage, steps: steps, started: started)
            case nil:
                let (code, message) = Self.describe(error)
                logger.warning("run failed", metadata: ["run_id": .string(recorder.run.id), "error": .string(message)])
                await cancelOpenChildren(of: recorder.run, reason: "the parent run failed")
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
        case let e as Compactor.Overflow: return ("context_window_exceeded", e.description)
        case let e as StoreError: return ("storage_error", e.description)
        case let e as RuntimeError: return ("invalid_agent", e.message)
        case let e as JSONDecodingFailure: return ("invalid_agent", e.message)
        case is CancellationError: return ("cancelled", "the run was cancelled")
        default: return ("internal_error", "\(error)")
        }
    }

}

extension Executor {
    /// Cancels the children of `run` that have not ended (one executing
    /// inline was stopped with its parent already), each with a
    /// `run.cancelled` saying why.
    func cancelOpenChildren(of run: Run, reason: String) async {
        guard let children = try? await stores.runs.children(of: run.id, in: run.scope) else { return }
        for child in children where !child.status.isTerminal {
            guard let outcome = try? await stores.runs.requestCancel(child.id, in: child.scope), outcome.cancelledNow else { continue }
            let cancelled = RunCancelledPayload(reason: reason)
            if let stored = try? await stores.events.append([NewEvent(type: RunCancelledPayload.type, payload: RunRecorder.text(cancelled))],
                                                           to: child.id, in: child.scope) {
                bus.publish(stored.map(RunEvent.init), sessionKey: child.sessionKey)
            }
            // A cancelled group run takes its own members with it.
            await cancelOpenChildren(of: outcome.run, reason: reason)
        }
    }
}
