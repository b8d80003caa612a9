import Foundation
import RPC
import Testing

/// Doom-loop detection over the pipe: the third identical consecutive tool
/// call is not run (a tool error for the model, `run.warning
/// DOOM_LOOP_DETECTED`); a fourth ends the run with `stop_reason: doom_loop`.
@Suite struct DoomLoopTests {
    static let same = Script.tools([("write_file", ["path": "loop.txt", "content": "again\n", "append": true])])

    @Test(arguments: TestBackend.all)
    func theThirdIdenticalCallIsRefusedAndTheFourthEndsTheRun(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let run = try await host.createRun("loop forever", script: Script.turns([Self.same], then: "repeat_last"),
                                               extra: ["agent": ["max_steps": 20]])
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "failed")
            #expect(done["stop_reason"] == "doom_loop")
            #expect(done["error"]?["code"] == "doom_loop")
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            // Two calls ran; the third was refused, the fourth ended the run.
            #expect(try String(contentsOfFile: Loop.workspace(storage) + "/loop.txt", encoding: .utf8) == "again\nagain\n")
            #expect(Loop.payloads(events, "tool.called").count == 2)
            let results = Loop.payloads(events, "tool.result")
            #expect(results.count == 3)
            #expect(results[2]["is_error"] == true)
            #expect(results[2]["result"]?["error"]?.stringValue?.contains("doom loop detected") == true)
            let warnings = Loop.payloads(events, "run.warning")
            #expect(warnings.count == 2)
            #expect(warnings.allSatisfy { $0["code"] == "DOOM_LOOP_DETECTED" })
            #expect(warnings.first?["context"]?["repeats"] == 3 && warnings.first?["context"]?["tool_name"] == "write_file")
            #expect(events.last?["type"] == "run.failed")
            #expect(events.last?["payload"]?["stop_reason"] == "doom_loop")
            #expect(Loop.payloads(events, "step.completed").count == 3)
        }
    }

    @Test func aChangeOfArgumentsBreaksTheStreakAndTheThresholdIsConfigurable() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage, environment: ["AGENT_DOOM_LOOP_THRESHOLD": "2"])
            let list: JSONValue = Script.tools([("list_files", [:])])
            let other: JSONValue = Script.tools([("list_files", ["path": "."])])
            // list, list (2nd: refused at threshold 2), other, list, done: the streak restarts.
            let run = try await host.createRun("vary", script: Script.turns([list, list, other, list, Script.text("done")]))
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed", "\(done)")
            let events = try await host.allEvents(runID)
            #expect(Loop.payloads(events, "run.warning").count == 1)
            #expect(Loop.payloads(events, "tool.called").count == 3)
            // Off: the same call may repeat.
            let free = try await host.createRun("free", script: Script.turns([list, list, list, list, Script.text("done")]),
                                                extra: ["session_key": "s_free", "agent": ["doom_loop_threshold": 0]])
            #expect(try await host.waitFor(free["run_id"]!.stringValue!, ["completed", "failed"])["status"] == "completed")
        }
    }

    @Test func aSpentTokenBudgetEndsTheRunWithStopReasonBudget() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            var turn = Script.tools([("list_files", [:])])
            if case .object(var o) = turn { o["usage"] = ["input_tokens": 60, "output_tokens": 10, "cached_tokens": 0]; turn = .object(o) }
            var turns: [JSONValue] = []
            for i in 1...6 {
                guard case .object(var o) = turn else { break }
                o["tool_calls"] = [["name": "list_files", "arguments": ["path": .string("d\(i)")]]]
                turns.append(.object(o))
            }
            let run = try await host.createRun("spend", script: Script.turns(turns + [Script.text("never")]), extra: ["agent": ["max_tokens_total": 150]])
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["stop_reason"] == "budget", "\(done)")
            #expect(done["usage"]?["input_tokens"] == 180)
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            #expect(Loop.payloads(events, "step.completed").count == 3)
            #expect(events.last?["payload"]?["error"]?["code"] == "budget")
        }
    }
}
