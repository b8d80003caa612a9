import JSON
import Store
import Testing
import TestSupport
@testable import Runtime

/// The agent loop, step by step, with the scripted model: what it records
/// and in which order, where it stops, and what a resumed run does again
/// (nothing that has a recorded outcome).
@Suite struct ExecutorStepTests {
    @Test(arguments: Backend.all)
    func aToolTurnThenAFinalAnswerRecordsEachStepInOrder(_ backend: Backend) async throws {
        let probe = ProbeTool(open: true)
        try await withEngine(backend, tools: [probe]) { engine in
            let run = try await engine.createRun("look, then answer", .turns(.calls([("probe", ["q": "x"])], text: "looking"), .text("the answer")))
            let events = try await engine.followToEnd(run.id)
            #expect(events.types == [
                EventType.runStarted,
                EventType.stepStarted, EventType.llmCalled, EventType.toolCalled, EventType.toolResult, EventType.stepCompleted,
                EventType.stepStarted, EventType.llmCalled, EventType.stepCompleted,
                EventType.runCompleted,
            ])
            #expect(events.compactMap(\.seq) == Array(1...Int64(events.count)))
            let called = events.first { $0.type == EventType.toolCalled }
            let result = events.first { $0.type == EventType.toolResult }
            #expect(called?.payload["call_id"] != nil && called?.payload["call_id"] == result?.payload["call_id"])
            #expect(events.last?.payload["output"] == "the answer")
            #expect(probe.calls == 1)
            // A checkpoint opens the run and closes each step; the model's turn is
            // checkpointed on its own before a call that is not read-only runs.
            let checkpoints = try await engine.database.checkpoints.list(for: run.id, in: run.scope).map { try CheckpointState.decode($0.state) }
            #expect(checkpoints.map(\.step) == [0, 1, 1, 2])
            #expect(checkpoints.map(\.awaitingTools) == [false, true, false, false])
            let done = try await engine.runs.get(run.id, in: run.scope)
            #expect(done.status == .completed)
            #expect(done.output == JSONValue.string("the answer").description)
        }
    }

    @Test(arguments: Backend.all)
    func maxStepsStopsARunThatNeverGivesAFinalAnswer(_ backend: Backend) async throws {
        let probe = ProbeTool(open: true)
        try await withEngine(backend, tools: [probe]) { engine in
            let run = try await engine.createRun("loop", .turns(.calls([("probe", [:])]), then: "repeat_last"), maxSteps: 2)
            let events = try await engine.followToEnd(run.id)
            #expect(events.last?.type == EventType.runFailed)
            #expect(events.last?.payload["stop_reason"] == "max_steps")
            #expect(events.types.filter { $0 == EventType.stepCompleted }.count == 2)
            #expect(probe.calls == 2)
            let failed = try await engine.runs.get(run.id, in: run.scope)
            #expect(failed.status == .failed && failed.stopReason == "max_steps")
        }
    }

    @Test(arguments: Backend.all)
    func aResumedRunDoesNotRepeatToolCallsThatStartedBefore(_ backend: Backend) async throws {
        try await withTestDatabase(backend) { database in
            let script = ScriptedProvider.Script.turns(.calls([("first", [:]), ("second", [:])], ids: ["call_a", "call_b"]), .text("done"))
            // `first` answers and its outcome is recorded; the worker stops while `second` runs.
            let first = ProbeTool(name: "first", open: true), second = ProbeTool(name: "second")
            let run = try await withEngine(on: database, tools: [first, second]) { engine in
                let run = try await engine.createRun("two side effects", script)
                #expect(try await second.nextArrival() == run.id)
                return run
            }
            #expect(first.calls == 1 && second.calls == 1)

            let firstAgain = ProbeTool(name: "first", open: true), secondAgain = ProbeTool(name: "second", open: true)
            try await withEngine(on: database, tools: [firstAgain, secondAgain]) { engine in
                let events = try await engine.followToEnd(run.id)
                #expect(events.last?.type == EventType.runCompleted)
                #expect(events.types.filter { $0 == EventType.runResumed }.count == 1)
                // Each call started once; the one whose outcome was lost is reported, not run again.
                #expect(events.filter { $0.type == EventType.toolCalled }.compactMap { $0.payload["call_id"]?.stringValue } == ["call_a", "call_b"])
                #expect(events.filter { $0.type == EventType.toolInterrupted }.compactMap { $0.payload["call_id"]?.stringValue } == ["call_b"])
                #expect(events.filter { $0.type == EventType.toolResult }.compactMap { $0.payload["call_id"]?.stringValue } == ["call_a", "call_b"])
            }
            #expect(firstAgain.calls == 0)
            #expect(secondAgain.calls == 0)
        }
    }
}
