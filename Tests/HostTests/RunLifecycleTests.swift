import Foundation
import RPC
import Testing

/// Runs over the real pipe: create → events in order → completed, the stop
/// reasons, cancellation, busy sessions and idempotency — on both backends.
@Suite struct RunLifecycleTests {
    @Test(arguments: TestBackend.all)
    func aRunGoesFromCreateThroughOrderedEventsToCompleted(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let script = Script.turns([
                Script.tools([("file_write", ["path": "out/a.txt", "content": "alpha"])], text: "writing"),
                Script.text("all done", chunks: 2),
            ])
            let run = try await host.createRun("write a file", script: script)
            #expect(run["status"] == "pending")
            #expect(try SchemaFiles.failures(of: run, method: "runs/create").isEmpty)
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed")
            #expect(done["output"] == "all done")
            #expect(done["stop_reason"] == "end_turn")
            #expect(done["tool_call_count"] == 1)
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            let types = events.compactMap { $0["type"]?.stringValue }.filter { $0 != "llm.token" }
            #expect(types == ["run.started", "step.started", "llm.called", "tool.called", "tool.result", "step.completed",
                              "step.started", "llm.called", "step.completed", "run.completed"])
            #expect(events.contains { $0["type"] == "llm.token" })
            #expect(done["event_count"]?.intValue == Int64(events.count))
            let written = try String(contentsOfFile: storage.dataDir + "/workspace/org_default/user_default/.none/out/a.txt", encoding: .utf8)
            #expect(written == "alpha")
            #expect(try SchemaFiles.failures(of: done, method: "runs/get").isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func stopReasonsAreRecorded(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let loop = Script.turns([Script.tools([("file_list", [:])])], then: "repeat_last")
            let maxed = try await host.createRun("loop", script: loop, extra: ["agent": ["max_steps": 3], "session_key": "s_a"])
            let failing = try await host.createRun("fail", script: Script.turns([["error": ["message": "model exploded", "status": 500]]]), extra: ["session_key": "s_b"])
            let slow = try await host.createRun("slow", script: Script.turns([Script.text("late", delayMs: 20_000)]), extra: ["agent": ["timeout_ms": 500], "session_key": "s_c"])
            let truncated = try await host.createRun("long", script: Script.turns([["text": "cut", "finish": "max_tokens"]]), extra: ["session_key": "s_d"])
            let m = try await host.waitFor(maxed["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(m["status"] == "failed")
            #expect(m["stop_reason"] == "max_steps")
            let f = try await host.waitFor(failing["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(f["stop_reason"] == "error")
            #expect(f["error"]?["message"]?.stringValue?.contains("model exploded") == true)
            let s = try await host.waitFor(slow["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(s["stop_reason"] == "timeout")
            let t = try await host.waitFor(truncated["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(t["stop_reason"] == "max_tokens")
            for run in [m, f, s, t] { try expectWellFormed(try await host.allEvents(run["run_id"]!.stringValue!)) }
        }
    }

    @Test(arguments: TestBackend.all)
    func cancellingAPendingRunNeverStartsItAndARunningOneStopsWithinAStep(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let blocker = try await host.createRun("block", script: Script.turns([Script.text("zzz", delayMs: 60_000)]), extra: ["session_key": "s_1"])
            let blockerID = try #require(blocker["run_id"]?.stringValue)
            try await host.waitFor(blockerID, ["running"])
            let queued = try await host.createRun("queued", extra: ["session_key": "s_2"])
            let queuedID = try #require(queued["run_id"]?.stringValue)
            let cancelled = try await host.result("runs/cancel", ["run_id": .string(queuedID)])
            #expect(cancelled["status"] == "cancelled")
            #expect(try SchemaFiles.failures(of: cancelled, method: "runs/cancel").isEmpty)
            let started = ContinuousClock.now
            _ = try await host.result("runs/cancel", ["run_id": .string(blockerID)])
            let stopped = try await host.waitFor(blockerID, ["cancelled"], timeout: .seconds(10))
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(stopped["stop_reason"] == "cancelled")
            let queuedEvents = try await host.allEvents(queuedID)
            #expect(queuedEvents.compactMap { $0["type"]?.stringValue } == ["run.cancelled"])
            #expect(try await host.allEvents(blockerID).last?["type"] == "run.cancelled")
            let again = try #require(await host.call("runs/cancel", ["run_id": .string(blockerID)]))
            #expect(again["error"]?["code"] == .int(-32005))
        }
    }

    @Test(arguments: TestBackend.all)
    func aBusySessionEnqueuesRejectsOrInterruptsAsAsked(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let slow = Script.turns([Script.text("slow", delayMs: 60_000)])
            let first = try await host.createRun("one", script: slow, extra: ["session_key": "s_busy"])
            let firstID = try #require(first["run_id"]?.stringValue)
            try await host.waitFor(firstID, ["running"])
            let rejected = try #require(await host.call("runs/create", ["input": "two", "session_key": "s_busy", "on_busy_session": "reject"]))
            #expect(rejected["error"]?["code"] == .int(-32006))
            let queued = try await host.createRun("three", extra: ["session_key": "s_busy", "on_busy_session": "enqueue"])
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await host.result("runs/get", ["run_id": queued["run_id"]!])["status"] == "pending")
            let interrupting = try await host.createRun("four", extra: ["session_key": "s_busy", "on_busy_session": "interrupt"])
            try await host.waitFor(firstID, ["cancelled"])
            #expect(try await host.result("runs/get", ["run_id": queued["run_id"]!])["status"] == "cancelled")
            let done = try await host.waitFor(interrupting["run_id"]!.stringValue!, ["completed"])
            #expect(done["output"] == "You said: four")
        }
    }

    @Test(arguments: TestBackend.all)
    func theSameIdempotencyKeyReturnsTheFirstRun(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let a = try await host.createRun("once", extra: ["idempotency_key": "key-1"])
            let b = try await host.createRun("once again", extra: ["idempotency_key": "key-1"])
            #expect(a["run_id"] == b["run_id"])
            #expect(a["idempotent_replay"] == false)
            #expect(b["idempotent_replay"] == true)
            #expect(b["input"] == "once")
            let other = try await host.createRun("once", extra: ["idempotency_key": "key-1", "scope": ["org_id": "org_other", "user_id": "u"]])
            #expect(other["run_id"] != a["run_id"])
            let listed = try await host.result("runs/list", [:])
            #expect(listed["runs"]?.arrayValue?.count == 1)
        }
    }

    @Test func badRunParamsAreRefusedWithTheirPath() async throws {
        let host = try HostProcess()
        await host.initialize()
        let cases: [(JSONValue, String)] = [
            ([:], "params.input"),
            (["input": ""], "params.input"),
            (["input": "x", "agent": ["max_steps": 0]], "params.agent.max_steps"),
            (["input": "x", "on_busy_session": "sometimes"], "params.on_busy_session"),
            (["input": "x", "llm_config": ["temperature": 3]], "params.llm_config.temperature"),
            (["input": "x", "session_key": "has space"], "params.session_key"),
            (["input": "x", "scope": ["org_id": ""]], "params.scope.org_id"),
        ]
        for (params, path) in cases {
            let reply = try #require(await host.call("runs/create", params))
            #expect(reply["error"]?["code"] == .int(path.hasPrefix("params.scope.") ? -32003 : -32602), "\(params)")
            #expect(reply["error"]?["data"]?["path"]?.stringValue == path, "\(params) → \(reply)")
        }
        let missing = try #require(await host.call("runs/get", ["run_id": "run_NOPE"]))
        #expect(missing["error"]?["code"] == .int(-32001))
        let listed = try await host.result("runs/list", [:])
        #expect(listed["runs"] == .array([]))
    }
}
