import Foundation
import JSON

/// Runs calls of one model turn that passed judgement: consecutive
/// read-only ones together (`parallel`, at most `width` at once), the others
/// one by one in order (`serial`), each start and outcome recorded. A batch
/// of more than one call is framed by `tool.batch.started` /
/// `tool.batch.completed`. Only the calling task touches the recorder; the
/// task group's children just run tools.
struct ToolBatch {
    let runner: ToolRunner
    let allowed: Set<String>?
    let context: ToolContext
    let recorder: RunRecorder
    let step: Int

    typealias Job = (index: Int, call: ToolCall, verdict: ToolPhase.Verdict)

    /// Read-only calls, concurrently. They are not committed before they run
    /// (a crash simply runs them again), so nothing waits for storage here.
    func parallel(_ jobs: [Job], width: Int, announce: Bool) async throws -> [(Int, ToolOutput)] {
        let started = ContinuousClock.now
        let batchID = "batch_\(step)_\(jobs[0].call.id)"
        if announce {
            recorder.emit(ToolBatchStartedPayload(batchID: batchID, toolCount: jobs.count, strategy: "parallel", callIDs: jobs.map(\.call.id)))
        }
        var runs: [(index: Int, call: ToolCall, edited: Bool)] = []
        for job in jobs {
            let (call, edited) = Self.effective(job)
            recorder.emit(ToolCalledPayload(callID: call.id, toolName: call.name, args: call.arguments, originalArgs: edited ? job.call.arguments : nil))
            runs.append((job.index, call, edited))
        }
        let runner = self.runner, allowed = self.allowed, context = self.context
        var done: [Int: ToolRunner.Outcome] = [:]
        try await withThrowingTaskGroup(of: (Int, ToolRunner.Outcome)?.self) { group in
            var next = 0
            var active = 0
            func launch() {
                let (index, call, _) = runs[next]
                next += 1
                active += 1
                var scoped = context
                scoped.callID = call.id
                let callContext = scoped
                group.addTask { (index, await runner.run(call, allowed: allowed, context: callContext)) }
            }
            while next < runs.count && active < width { launch() }
            group.addTask { try await Task.sleep(for: RunRecorder.flushInterval); return nil }
            defer { group.cancelAll() }
            while active > 0, let finished = try await group.next() {
                guard let (index, outcome) = finished else {
                    // Calls still running after the flush interval: their starts become visible.
                    try await recorder.flush()
                    group.addTask { try await Task.sleep(for: RunRecorder.flushInterval); return nil }
                    continue
                }
                active -= 1
                try Task.checkCancellation()
                done[index] = outcome
                if next < runs.count { launch() }
            }
        }
        // Outcomes are recorded in call order, as the model reads them.
        var outputs: [(Int, ToolOutput)] = []
        for run in runs {
            guard let outcome = done[run.index] else { continue }
            let output = run.edited ? Self.noted(outcome.output, edited: run.call.arguments) : outcome.output
            recorder.emit(ToolResultPayload(callID: run.call.id, toolName: run.call.name, result: output.content, isError: output.isError,
                                            durationMs: outcome.durationMs))
            outputs.append((run.index, output))
        }
        if announce { complete(batchID, outputs.map(\.1), started: started) }
        return outputs
    }

    /// Side-effecting calls, one by one in order: each start is committed
    /// before the call runs (with the model's turn, the first time: `turn`
    /// becomes nil once it is), and each outcome as soon as it returns.
    func serial(_ jobs: [Job], turn: inout CheckpointState?, announce: Bool) async throws -> [(Int, ToolOutput)] {
        let started = ContinuousClock.now
        let batchID = "batch_\(step)_\(jobs[0].call.id)"
        if announce {
            recorder.emit(ToolBatchStartedPayload(batchID: batchID, toolCount: jobs.count, strategy: "serial", callIDs: jobs.map(\.call.id)))
        }
        var outputs: [(Int, ToolOutput)] = []
        for job in jobs {
            try Task.checkCancellation()
            let (call, edited) = Self.effective(job)
            recorder.emit(ToolCalledPayload(callID: call.id, toolName: call.name, args: call.arguments, originalArgs: edited ? job.call.arguments : nil))
            if let pending = turn {
                try await recorder.commit(checkpoint: pending)
                turn = nil
            } else {
                try await recorder.flush()
            }
            var context = self.context
            context.callID = call.id
            let outcome = try await execute(call, context: context)
            try Task.checkCancellation()
            if let children = outcome.output.awaitedRuns {
                // No result yet: the run parks until its children end, then runs this call again.
                throw AwaitingChildren(callID: call.id, toolName: call.name, childRunIDs: children)
            }
            let output = edited ? Self.noted(outcome.output, edited: call.arguments) : outcome.output
            recorder.emit(ToolResultPayload(callID: call.id, toolName: call.name, result: output.content, isError: output.isError,
                                            durationMs: outcome.durationMs))
            try await recorder.flush()
            outputs.append((job.index, output))
        }
        if announce { complete(batchID, outputs.map(\.1), started: started) }
        return outputs
    }

    private func complete(_ batchID: String, _ outputs: [ToolOutput], started: ContinuousClock.Instant) {
        let failures = outputs.filter(\.isError).count
        recorder.emit(ToolBatchCompletedPayload(batchID: batchID, toolCount: outputs.count, successCount: outputs.count - failures,
                                                failureCount: failures, durationMs: (ContinuousClock.now - started).milliseconds))
    }

    /// Runs one call. One that is still running after the recorder's flush
    /// interval has its `tool.called` written meanwhile: a tool may take up
    /// to its timeout, and viewers should see which one is running.
    private func execute(_ call: ToolCall, context: ToolContext) async throws -> ToolRunner.Outcome {
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

    /// The call as it runs: with an approver's edit in place of the model's arguments.
    static func effective(_ job: Job) -> (ToolCall, Bool) {
        guard case .run(let arguments, let edited) = job.verdict, edited else { return (job.call, false) }
        var call = job.call
        call.arguments = arguments
        return (call, true)
    }

    /// The result the model reads for an edited call: it is told, as the
    /// seed's note did, that a person changed its arguments.
    static func noted(_ output: ToolOutput, edited: JSONValue) -> ToolOutput {
        let note = JSONValue.string("[SYSTEM NOTE: The human approver rejected your original arguments and modified them to: \(edited.description)]")
        var content: [String: JSONValue]
        if case .object(let o) = output.content { content = o } else { content = ["value": output.content] }
        content["approver_note"] = note
        return ToolOutput(.object(content), isError: output.isError)
    }
}
