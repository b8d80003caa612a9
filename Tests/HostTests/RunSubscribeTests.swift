import Foundation
import RPC
import Testing

/// `runs/subscribe`: stored events after `after_seq`, then live ones, with no
/// gap and no duplicate — even when the client reads slowly.
@Suite struct RunSubscribeTests {
    /// Ten tool steps with pauses: plenty of events over about a second.
    static let busyScript = Script.turns((1...10).map { i in
        Script.tools([("file_write", ["path": .string("f\(i).txt"), "content": .string(String(repeating: "x", count: i))])],
                     text: "step \(i) " + String(repeating: "word ", count: 20), delayMs: 60)
    } + [Script.text("finished", chunks: 3)])

    func collect(_ host: HostProcess, until: (JSONValue) -> Bool) async throws -> [JSONValue] {
        var events: [JSONValue] = []
        while let note = await host.nextNotification(timeout: .seconds(30)) {
            #expect(note["method"] == "runs/event")
            let event = try #require(note["params"]?["event"])
            events.append(event)
            if until(event) { return events }
        }
        Issue.record("notifications stopped before the end: \(events.map { "\($0["seq"] ?? "?") \($0["type"] ?? "?")" })")
        return events
    }

    @Test(arguments: TestBackend.all)
    func subscribingMidRunReplaysThenContinuesWithNoGapAndNoDuplicate(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let run = try await host.createRun("busy", script: Self.busyScript, extra: ["agent": ["max_steps": 20]])
            let runID = try #require(run["run_id"]?.stringValue)
            var seen: Int64 = 0
            while seen < 8 {
                seen = try await host.result("runs/get", ["run_id": .string(runID)])["event_count"]?.intValue ?? 0
                try await Task.sleep(for: .milliseconds(10))
            }
            let afterSeq: Int64 = 5
            let sub = try await host.result("runs/subscribe", ["run_id": .string(runID), "after_seq": .int(afterSeq)])
            #expect(try SchemaFiles.failures(of: sub, method: "runs/subscribe").isEmpty)
            let received = try await collect(host) { $0["type"] == "run.completed" }
            let stored = try await host.allEvents(runID)
            #expect(stored.last?["type"] == "run.completed")
            #expect(received.compactMap { $0["seq"]?.intValue } == Array((afterSeq + 1)...Int64(stored.count)))
            #expect(received == Array(stored.dropFirst(Int(afterSeq))))
            let note = try SchemaFiles.load("methods/runs.event.params.json")
            #expect(SchemaValidator.validate(["subscription_id": sub["subscription_id"]!, "event": received[0]], against: note).isEmpty)
        }
    }

    @Test(arguments: TestBackend.all)
    func aFinishedRunIsReplayedWholeAndTheSubscriptionEnds(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let run = try await host.createRun("quick")
            let runID = try #require(run["run_id"]?.stringValue)
            try await host.waitFor(runID, ["completed"])
            _ = try await host.result("runs/subscribe", ["run_id": .string(runID)])
            let received = try await collect(host) { $0["type"] == "run.completed" }
            #expect(received == (try await host.allEvents(runID)))
            #expect(await host.nextNotification(timeout: .milliseconds(300)) == nil)
        }
    }

    @Test(arguments: TestBackend.all)
    func sessionAndScopeSubscriptionsSeeOnlyTheirRuns(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            _ = try await host.result("runs/subscribe", ["session_key": "s_watch"])
            let other = try await host.createRun("elsewhere", extra: ["session_key": "s_other"])
            let mine = try await host.createRun("here", extra: ["session_key": "s_watch"])
            let foreign = try await host.createRun("foreign", extra: ["session_key": "s_watch", "scope": ["org_id": "org_x", "user_id": "u"]])
            let received = try await collect(host) { $0["type"] == "run.completed" }
            #expect(Set(received.compactMap { $0["run_id"]?.stringValue }) == [mine["run_id"]!.stringValue!])
            try await host.waitFor(other["run_id"]!.stringValue!, ["completed"])
            try await host.waitFor(foreign["run_id"]!.stringValue!, ["completed"], scope: ["org_id": "org_x", "user_id": "u"])
        }
    }

    @Test(arguments: TestBackend.all)
    func aClientThatStopsReadingStillGetsEveryEventInOrder(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let big = String(repeating: "payload ", count: 12_500)
            let script = Script.turns([Script.tools([("file_list", [:])], text: "wait", delayMs: 500)] + (1...40).map { i in
                Script.tools((1...20).map { _ in ("file_list", ["path": .string(".")]) }, text: "\(i) \(big)")
            } + [Script.text("end")])
            _ = try await host.result("runs/subscribe", [:])
            // Twenty identical calls a turn is a doom loop by design; this test wants the flood.
            let run = try await host.createRun("flood", script: script, extra: ["agent": ["max_steps": 100, "doom_loop_threshold": 0]])
            let runID = try #require(run["run_id"]?.stringValue)
            host.pauseReading()
            try await Task.sleep(for: .seconds(3))
            host.resumeReading()
            let received = try await collect(host) { $0["type"] == "run.completed" }
            let stored = try await host.allEvents(runID)
            #expect(stored.count > 1500)
            #expect(received.compactMap { $0["seq"]?.intValue } == stored.compactMap { $0["seq"]?.intValue })
        }
    }

    @Test(arguments: TestBackend.all)
    func tokensNotPersistedReachSubscribersWithoutSeqAndAreNeverStored(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: ["AGENT_PERSIST_LLM_TOKENS": "false"])
            let script = Script.turns((1...3).map { i in
                Script.tools([("file_write", ["path": .string("t\(i).txt"), "content": "x"])], text: "step \(i) " + String(repeating: "word ", count: 30), delayMs: 40)
            } + [Script.text("all done " + String(repeating: "more ", count: 40), chunks: 6, chunkDelayMs: 40)])
            _ = try await host.result("runs/subscribe", ["session_key": "s_live"])
            let run = try await host.createRun("stream", script: script, extra: ["session_key": "s_live"])
            let runID = try #require(run["run_id"]?.stringValue)
            let received = try await collect(host) { $0["type"] == "run.completed" }

            let tokens = received.filter { $0["type"] == "llm.token" }
            // On PostgreSQL a notification can beat this process's own publish: the subscriber
            // then re-reads stored events, and tokens published meanwhile are gone for it.
            #expect(tokens.count >= (backend == .sqlite ? 4 : 1))
            let tokenSchema = try SchemaFiles.load("events/llm.token.json")
            // Each token comes without seq, after its step's start. (Not always before the step's
            // end: a subscriber catching up from the database gets stored events first.)
            var started: Set<Int64> = []
            var misplaced: [JSONValue] = []
            for event in received {
                switch event["type"]?.stringValue {
                case "step.started": started.insert(event["payload"]?["step"]?.intValue ?? -1)
                case "llm.token":
                    let fits = event["seq"] == nil && event["run_id"]?.stringValue == runID && started.contains(event["step"]?.intValue ?? -1)
                        && SchemaValidator.validate(event, against: tokenSchema, path: "event").isEmpty
                    if !fits { misplaced.append(event) }
                default: break
                }
            }
            #expect(misplaced.isEmpty)

            let live = received.filter { $0["type"] != "llm.token" }
            let stored = try await host.allEvents(runID)
            #expect(live == stored)
            try expectWellFormed(stored)
            #expect(!stored.contains { $0["type"] == "llm.token" })
            #expect(try await host.result("runs/get", ["run_id": .string(runID)])["event_count"] == .int(Int64(stored.count)))
            let tokenPage = try await host.result("runs/events", ["run_id": .string(runID), "type": "llm.token"])
            #expect(tokenPage["events"] == [])
            let export = try await host.result("runs/export", ["run_id": .string(runID)])
            #expect(export["events"]?.arrayValue == stored)
        }
    }

    @Test func unsubscribeStopsNotifications() async throws {
        let host = try HostProcess()
        await host.initialize()
        let sub = try await host.result("runs/subscribe", [:])
        #expect(try await host.result("runs/unsubscribe", ["subscription_id": sub["subscription_id"]!])["unsubscribed"] == true)
        #expect(try await host.result("runs/unsubscribe", ["subscription_id": sub["subscription_id"]!])["unsubscribed"] == false)
        _ = try await host.createRun("quiet")
        #expect(await host.nextNotification(timeout: .milliseconds(500)) == nil)
    }
}
