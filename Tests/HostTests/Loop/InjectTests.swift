import Foundation
import LoopbackServer
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Steering a running run with `runs/inject`: the message is stored (a
/// `user.injected` event and a row), the next step reads it, exactly once —
/// also when the host is killed between the inject and that step.
@Suite struct InjectTests {
    static let injected = "Use the March numbers instead."

    /// A fake model that holds its first answer until the test notes `go`.
    static func server(first: String) throws -> LoopbackServer {
        try LoopbackServer { _, conn in
            let index = conn.server.requests.count - 1
            if index == 0 {
                conn.server.note("first-request")
                _ = conn.server.block(until: "go", timeout: .seconds(20))
            }
            _ = conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
            _ = conn.chunk(index == 0 ? first : Loop.openAIAnswer("done with the March numbers"))
            _ = conn.endChunks()
        }
    }

    static func environment(_ server: LoopbackServer) -> [String: String] {
        ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL + "/v1", "MEMORY_ENABLED": "false"]
    }

    /// How often `text` is the content of a message in `body`.
    static func count(_ text: String, in body: JSONValue) -> Int {
        (body["messages"]?.arrayValue ?? []).filter { $0["content"]?.stringValue == text }.count
    }

    @Test(arguments: TestBackend.all)
    func aMessageInjectedDuringASlowStepIsReadByTheNextStep(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let server = try Self.server(first: Loop.openAIToolTurn(id: "call_l", tool: "list_files", arguments: "{}"))
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: Self.environment(server))
            let runID = try #require(try await host.createRun("Summarise the February numbers", extra: ["agent": ["tools": ["list_files"]]])["run_id"])
            #expect(await server.waitFor("first-request", timeout: .seconds(20)))
            let injected = try await host.result("runs/inject", ["run_id": runID, "message": .string(Self.injected)])
            #expect(injected["success"] == true && injected["status"] == "running")
            #expect(try SchemaFiles.failures(of: injected, method: "runs/inject").isEmpty)
            server.note("go")
            let done = try await host.waitFor(runID.stringValue!, ["completed", "failed"])
            #expect(done["output"] == "done with the March numbers", "\(done)")
            let bodies = try Loop.bodies(server)
            #expect(bodies.count == 2)
            #expect(Self.count(Self.injected, in: bodies[0]) == 0)
            #expect(Self.count(Self.injected, in: bodies[1]) == 1)
            // After the step's tool result, as a user message.
            let messages = bodies[1]["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["role"]?.stringValue ?? "" }.suffix(3) == ["assistant", "tool", "user"])
            let events = try await host.allEvents(runID.stringValue!)
            try expectWellFormed(events)
            let event = try #require(Loop.payloads(events, "user.injected").first)
            #expect(event["message"] == .string(Self.injected) && event["role"] == "user")
            #expect(event["injection_id"] == injected["injection_id"])
        }
    }

    @Test func aMessageInjectedWhileTheModelGivesItsFinalAnswerIsReadBeforeTheRunEnds() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try Self.server(first: Loop.openAIAnswer("here are the February numbers"))
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: Self.environment(server))
            let runID = try #require(try await host.createRun("Summarise the February numbers")["run_id"])
            #expect(await server.waitFor("first-request", timeout: .seconds(20)))
            _ = try await host.result("runs/inject", ["run_id": runID, "message": .string(Self.injected)])
            server.note("go")
            let done = try await host.waitFor(runID.stringValue!, ["completed", "failed"])
            #expect(done["output"] == "done with the March numbers")
            let texts = Loop.openAIMessages(try Loop.bodies(server)[1]).map(\.1)
            #expect(texts.suffix(3) == ["Summarise the February numbers", "here are the February numbers", Self.injected])
        }
    }

    /// The step in flight when the host is killed is redone after the
    /// restart, and it reads the message the dead host stored.
    @Test(arguments: TestBackend.all)
    func anInjectedMessageSurvivesAKillNineBeforeTheStepThatReadsIt(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let server = try LoopbackServer { _, conn in
                let index = conn.server.requests.count - 1
                if index == 0 {
                    conn.server.note("first-request")
                    _ = conn.waitForDisconnect(timeout: .seconds(30))
                    return
                }
                _ = conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
                _ = conn.chunk(Loop.openAIAnswer("done with the March numbers"))
                _ = conn.endChunks()
            }
            defer { server.stop() }
            var host = try await HostProcess.started(storage, environment: Self.environment(server))
            let runID = try #require(try await host.createRun("Summarise the February numbers")["run_id"])
            #expect(await server.waitFor("first-request", timeout: .seconds(20)))
            _ = try await host.result("runs/inject", ["run_id": runID, "message": .string(Self.injected)])
            kill(host.process.processIdentifier, SIGKILL)
            _ = await host.waitExit(timeout: .seconds(10))
            host = try await HostProcess.started(storage, environment: Self.environment(server))
            let done = try await host.waitFor(runID.stringValue!, ["completed", "failed"], timeout: .seconds(60))
            #expect(done["output"] == "done with the March numbers", "\(done)")
            let bodies = try Loop.bodies(server)
            #expect(bodies.count == 2)
            #expect(Self.count(Self.injected, in: bodies[1]) == 1)
            let events = try await host.allEvents(runID.stringValue!)
            try expectWellFormed(events)
            #expect(Loop.payloads(events, "run.resumed").count == 1)
            #expect(Loop.payloads(events, "user.injected").count == 1)
        }
    }

    @Test func injectIsRefusedOnceARunEndedAndChecksItsInput() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            let done = try await host.createRun("quick", script: Script.turns([Script.text("ok")]))
            let runID = try #require(done["run_id"])
            _ = try await host.waitFor(runID.stringValue!, ["completed"])
            let late = try #require(await host.call("runs/inject", ["run_id": runID, "message": "too late"]))
            #expect(late["error"]?["code"] == .int(-32005), "\(late)")
            let missing = try #require(await host.call("runs/inject", ["run_id": "run_NOSUCHRUN", "message": "hello"]))
            #expect(missing["error"]?["code"] == .int(-32001))
            let stranger = try #require(await host.call("runs/inject", ["run_id": runID, "message": "hi", "scope": ["org_id": "other", "user_id": "x"]]))
            #expect(stranger["error"]?["code"] == .int(-32001))
            let blank = try #require(await host.call("runs/inject", ["run_id": runID, "message": "   "]))
            #expect(blank["error"]?["code"] == .int(-32602))
            let role = try #require(await host.call("runs/inject", ["run_id": runID, "message": "x", "role": "assistant"]))
            #expect(role["error"]?["code"] == .int(-32602))
            #expect(role["error"]?["data"]?["path"] == "params.role")
        }
    }

    /// A run parked for an approval takes a message; the step after the
    /// decided calls reads it (here a system message).
    @Test(arguments: TestBackend.all)
    func aWaitingRunTakesAMessageAndReadsItAfterTheApproval(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = try Loop.config(storage, #"{"tools":{"rules":[{"action":"ask","tool":"write_file"}]}}"#)
            let host = try await HostProcess.started(storage, environment: env.merging(["MEMORY_ENABLED": "false"]) { $1 })
            let script = Script.turns([Script.tools([("write_file", ["path": "a.txt", "content": "a"])]), Script.text("finished")])
            let runID = try #require(try await host.createRun("write it", script: script)["run_id"])
            try await host.waitFor(runID.stringValue!, ["waiting_approval"])
            let injected = try await host.result("runs/inject", ["run_id": runID, "message": "Keep it short.", "role": "system"])
            #expect(injected["status"] == "waiting_approval")
            let call = try #require(try await host.result("runs/events", ["run_id": runID, "type": "tool.requires_approval"])["events"]?[0]?["payload"]?["call_id"])
            _ = try await host.result("runs/approve", ["run_id": runID, "call_id": call, "decision": "allow_once"])
            #expect(try await host.waitFor(runID.stringValue!, ["completed", "failed"])["output"] == "finished")
            let trace = try await host.result("runs/export", ["run_id": runID])
            let events = trace["events"]?.arrayValue ?? []
            let injectedSeq = events.first { $0["type"] == "user.injected" }?["seq"]?.intValue ?? 0
            let resultSeq = events.first { $0["type"] == "tool.result" }?["seq"]?.intValue ?? 0
            let lastCall = events.last { $0["type"] == "llm.called" }
            #expect(injectedSeq > 0 && resultSeq > injectedSeq)
            // The second model call saw: user input, assistant turn, tool result, the system message.
            #expect(lastCall?["payload"]?["message_count"] == 4, "\(String(describing: lastCall))")
        }
    }
}
