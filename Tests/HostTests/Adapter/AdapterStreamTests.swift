import Foundation
import HTTP
import RPC
import Testing

/// Server-sent events, read by a client that speaks HTTP/1.1 on a bare
/// socket: frames as the seed's with `id:` = seq, resumption without gap or
/// duplicate, a hundred clients on one run, and the scope-wide stream.
@Suite struct AdapterStreamTests {
    static let ann: RESTScope = ("acme", "ann", nil)
    static let headers = ["x-org-id": "acme", "x-user-id": "ann"]

    /// A run of `steps` tool steps, each `delayMs` apart, then an answer.
    static func steppedScript(steps: Int, delayMs: Int) -> JSONValue {
        // The same call again and again: the runs below turn doom-loop detection off.
        Script.turns((0..<steps).map { _ in Script.tools([("file_list", ["path": "."])], delayMs: delayMs) } + [Script.text("all listed")])
    }

    static func seqs(_ events: [SSEEvent]) -> [Int64] {
        events.filter { $0.event == "run.event" }.compactMap(\.seq)
    }

    @Test(arguments: TestBackend.all)
    func aRunStreamsToCompletionOverARawConnection(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let created = try await adapter.send("POST", "/api/runs", json: ["input": "list", "agent": ["doom_loop_threshold": 0, "script": Self.steppedScript(steps: 3, delayMs: 50)]],
                                                 scope: Self.ann)
            let runID = try #require(created.json["run_id"]?.stringValue)
            let (status, contentType, events, ended) = try await RawSSEClient.run(port: adapter.port, path: "/api/runs/\(runID)/stream",
                                                                                   headers: Self.headers) { client in
                (client.status, client.headers["content-type"], try client.events(), client.streamEnded)
            }
            #expect(status == 200 && contentType == "text/event-stream")
            #expect(ended, "the stream ends after the run's last event")
            #expect(events.first?.event == "connected" && events.first?.json["runId"] == .string(runID))
            let runEvents = events.filter { $0.event == "run.event" }
            let seqs = Self.seqs(events)
            #expect(seqs == Array(1...Int64(seqs.count)), "\(seqs)")
            #expect(runEvents.allSatisfy { $0.id == $0.seq.map(String.init) }, "id: is the event's seq")
            #expect(runEvents.last?.json["type"] == "run.completed")
            let stored = try await adapter.send("GET", "/api/runs/\(runID)/events?limit=1000&include_tokens=true", scope: Self.ann)
            #expect(stored.json["events"]?.arrayValue?.count == seqs.count)
        }
    }

    @Test(arguments: TestBackend.all)
    func aReconnectWithLastEventIDMidRunYieldsExactlyTheMissingEvents(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let created = try await adapter.send("POST", "/api/runs", json: ["input": "list", "agent": ["doom_loop_threshold": 0, "script": Self.steppedScript(steps: 8, delayMs: 150)]],
                                                 scope: Self.ann)
            let runID = try #require(created.json["run_id"]?.stringValue)
            let path = "/api/runs/\(runID)/stream"
            let first = try await RawSSEClient.run(port: adapter.port, path: path, headers: Self.headers) { client in
                let events = try client.events { ($0.seq ?? 0) >= 6 }
                client.disconnect()
                return Self.seqs(events)
            }
            #expect(first == Array(1...6))
            let midway = try await adapter.send("GET", "/api/runs/\(runID)", scope: Self.ann)
            #expect(midway.json["status"] == "running", "the reconnect happens mid-run: \(midway.text)")
            var headers = Self.headers
            headers["Last-Event-ID"] = "6"
            let rest = try await RawSSEClient.run(port: adapter.port, path: path, headers: headers) { Self.seqs(try $0.events()) }
            let total = try await adapter.waitForRun(runID, ["completed"], scope: Self.ann)["event_count"]?.intValue ?? 0
            #expect(rest == Array(7...total), "\(rest)")
            // after_seq says the same where a client cannot send headers.
            let tail = try await RawSSEClient.run(port: adapter.port, path: path + "?after_seq=\(total - 2)", headers: Self.headers) {
                Self.seqs(try $0.events())
            }
            #expect(tail == [total - 1, total])
        }
    }

    @Test func aHundredClientsOnOneRunEachReceiveEveryEventOnce() async throws {
        try await withStorage(.sqlite) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let script = Script.turns([Script.tools([("file_list", ["path": "."])], delayMs: 1500)]
                                      + (0..<4).map { _ in Script.tools([("file_list", ["path": "."])], delayMs: 20) } + [Script.text("done")])
            let created = try await adapter.send("POST", "/api/runs", json: ["input": "fan out", "agent": ["doom_loop_threshold": 0, "script": script]], scope: Self.ann)
            let runID = try #require(created.json["run_id"]?.stringValue)
            let received = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        try await RawSSEClient.run(port: adapter.port, path: "/api/runs/\(runID)/stream", headers: Self.headers) {
                            Self.seqs(try $0.events())
                        }
                    }
                }
                var all: [[Int64]] = []
                for try await seqs in group { all.append(seqs) }
                return all
            }
            let total = try await adapter.waitForRun(runID, ["completed"], scope: Self.ann)["event_count"]?.intValue ?? 0
            #expect(total > 20)
            #expect(received.count == 100)
            for seqs in received { #expect(seqs == Array(1...total)) }
            let health = try await adapter.send("GET", "/health")
            #expect(health.json["sse"]?["clients"] == 0)
        }
    }

    @Test func aClientThatGoesAwayIsLetGoAtOnceAndIdleStreamsArePinged() async throws {
        try await withStorage(.sqlite) { storage in
            let adapter = try await AdapterProcess.start(storage, arguments: ["--ping-interval-ms", "200"])
            let created = try await adapter.send("POST", "/api/runs", json: [
                "input": "wait", "agent": ["script": Script.turns([Script.text("late", delayMs: 30_000)])],
            ], scope: Self.ann)
            let runID = try #require(created.json["run_id"]?.stringValue)
            let pinged = try await RawSSEClient.run(port: adapter.port, path: "/api/runs/\(runID)/stream", headers: Self.headers) { client in
                let events = try client.events { $0.event == "ping" }
                client.disconnect()
                return events.map(\.event)
            }
            #expect(pinged.first == "connected" && pinged.last == "ping")
            var open = -1
            let deadline = ContinuousClock.now + .seconds(5)
            while open != 0 && ContinuousClock.now < deadline {
                open = Int(try await adapter.send("GET", "/health").json["sse"]?["clients"]?.intValue ?? -1)
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(open == 0, "the stream was let go when its client left")
            _ = try await adapter.send("POST", "/api/runs/\(runID)/cancel", scope: Self.ann)
        }
    }

    @Test func theScopeStreamCarriesEverySessionRunWithoutIDs() async throws {
        try await withStorage(.sqlite) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let bad = try await adapter.send("GET", "/api/stream?session_key=../x", scope: Self.ann)
            #expect(bad.status == 400, "\(bad.text)")
            let port = adapter.port
            async let watched = RawSSEClient.run(port: port, path: "/api/stream?session_key=s_console", headers: Self.headers) { client in
                try client.events { $0.json["type"] == "run.completed" }
            }
            try await Task.sleep(for: .milliseconds(500))
            _ = try await adapter.send("POST", "/api/runs", json: ["input": "elsewhere", "session_key": "s_other"], scope: Self.ann)
            let mine = try await adapter.send("POST", "/api/runs", json: ["input": "here", "session_key": "s_console"], scope: Self.ann)
            let events = try await watched
            let runEvents = events.filter { $0.event == "run.event" }
            #expect(!runEvents.isEmpty && runEvents.allSatisfy { $0.id == nil && $0.json["run_id"] == mine.json["run_id"] })
        }
    }
}
