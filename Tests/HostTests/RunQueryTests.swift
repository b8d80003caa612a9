import Foundation
import RPC
import Testing

/// Listing, paging and filtering runs and events, and exporting a trace.
@Suite struct RunQueryTests {
    @Test(arguments: TestBackend.all)
    func runsPageByCursorAndFilterByStatusSessionAndTime(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            var ids: [String] = []
            for i in 0..<25 {
                let run = try await host.createRun("run \(i)", extra: ["session_key": .string(i % 2 == 0 ? "s_even" : "s_odd")])
                ids.append(run["run_id"]!.stringValue!)
            }
            for id in ids { try await host.waitFor(id, ["completed"]) }
            var seen: [String] = []
            var cursor: JSONValue = .null
            repeat {
                var params: [String: JSONValue] = ["limit": 10]
                if cursor != .null { params["cursor"] = cursor }
                let page = try await host.result("runs/list", .object(params))
                #expect(try SchemaFiles.failures(of: page, method: "runs/list").isEmpty)
                seen += page["runs"]?.arrayValue?.compactMap { $0["run_id"]?.stringValue } ?? []
                cursor = page["next_cursor"] ?? .null
            } while cursor != .null
            #expect(seen == ids.reversed())
            let odd = try await host.result("runs/list", ["session_key": "s_odd", "status": ["completed"], "limit": 100])
            #expect(odd["runs"]?.arrayValue?.count == 12)
            let none = try await host.result("runs/list", ["status": ["failed", "cancelled"]])
            #expect(none["runs"] == .array([]))
            let future = try await host.result("runs/list", ["created_from": "2999-01-01T00:00:00.000Z"])
            #expect(future["runs"] == .array([]))
            let past = try await host.result("runs/list", ["created_before": "2999-01-01T00:00:00Z", "limit": 100])
            #expect(past["runs"]?.arrayValue?.count == 25)
            let session = try await host.result("sessions/runs", ["session_key": "s_even", "page": 2, "limit": 5])
            #expect(session["total"] == 13)
            #expect(session["runs"]?.arrayValue?.count == 5)
            #expect(try SchemaFiles.failures(of: session, method: "sessions/runs").isEmpty)
            let bad = try #require(await host.call("runs/list", ["cursor": "garbage"]))
            #expect(bad["error"]?["data"]?["path"] == "params.cursor")
        }
    }

    @Test(arguments: TestBackend.all)
    func runsOfOneSessionRunInOrder(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: ["QUEUE_CONCURRENCY": "4"])
            let slow = Script.turns([Script.text("slow", delayMs: 150)])
            var ids: [String] = []
            for i in 0..<4 { ids.append(try await host.createRun("in order \(i)", script: slow, extra: ["session_key": "s_fifo"])["run_id"]!.stringValue!) }
            var spans: [(Date, Date)] = []
            for id in ids {
                let run = try await host.waitFor(id, ["completed"])
                spans.append((ISO8601.parse(run["started_at"]!.stringValue!)!, ISO8601.parse(run["ended_at"]!.stringValue!)!))
            }
            for i in 1..<spans.count { #expect(spans[i].0 >= spans[i - 1].1, "run \(i) started before run \(i - 1) ended") }
        }
    }

    @Test(arguments: TestBackend.all)
    func eventsFilterByTypeAndPrefixAndPageBySeq(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let script = Script.turns([Script.tools([("file_list", [:]), ("file_list", ["path": "."])], text: "look"), Script.text("ok")])
            let run = try await host.createRun("filters", script: script)
            let id = run["run_id"]!
            try await host.waitFor(id.stringValue!, ["completed"])
            let tools = try await host.result("runs/events", ["run_id": id, "type": "tool."])
            // Two read-only calls of one turn run as a batch, framed by its events.
            #expect(tools["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ==
                    ["tool.batch.started", "tool.called", "tool.called", "tool.result", "tool.result", "tool.batch.completed"])
            let mixed = try await host.result("runs/events", ["run_id": id, "type": ["run.completed", "step."]])
            #expect(Set(mixed["events"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ?? []) == ["run.completed", "step.started", "step.completed"])
            let noTokens = try await host.result("runs/events", ["run_id": id])
            #expect(!(noTokens["events"]?.arrayValue ?? []).contains { $0["type"] == "llm.token" })
            #expect(try SchemaFiles.failures(of: noTokens, method: "runs/events").isEmpty)
            let all = try await host.allEvents(id.stringValue!)
            let page = try await host.result("runs/events", ["run_id": id, "cursor": "3", "limit": 2, "include_tokens": true])
            #expect(page["events"]?.arrayValue?.compactMap { $0["seq"]?.intValue } == [4, 5])
            #expect(page["next_cursor"] == "5")
            let last = try await host.result("runs/events", ["run_id": id, "cursor": .int(Int64(all.count)), "include_tokens": true])
            #expect(last["events"] == .array([]))
            #expect(last["next_cursor"] == .null)
        }
    }

    @Test(arguments: TestBackend.all)
    func anExportHoldsTheRunEveryEventAndTheCheckpoints(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let script = Script.turns([Script.tools([("file_list", [:])], text: "look"), Script.text("ok")])
            let id = try await host.createRun("export me", script: script)["run_id"]!
            try await host.waitFor(id.stringValue!, ["completed"])
            let trace = try await host.result("runs/export", ["run_id": id, "format": "json"])
            #expect(try SchemaFiles.failures(of: trace, method: "runs/export").isEmpty)
            #expect(trace["events"] == .array(try await host.allEvents(id.stringValue!)))
            #expect(trace["checkpoints"]?.arrayValue?.compactMap { $0["step"]?.intValue } == [0, 1, 2])
            #expect(trace["run"]?["status"] == "completed")
        }
    }
}
