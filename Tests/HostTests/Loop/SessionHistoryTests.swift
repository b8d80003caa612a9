import Foundation
import LoopbackServer
import RPC
import Testing

/// A session is a conversation: a run starts from the session's earlier
/// completed top-level turns as real chat messages (asserted in the bytes a
/// fake model server received), and a long session is compacted to fit the
/// model's context window (`run.compacted`), never cut silently.
@Suite struct SessionHistoryTests {
    @Test func runTwoSendsRunOnesInputAndAnswerToAnOpenAIModel() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try ProviderRunTests.sequence([
                ProviderRunTests.sse(Loop.openAIToolTurn(id: "call_w", tool: "write_file", arguments: #"{"path":"plan.md","content":"step one"}"#)),
                ProviderRunTests.sse(Loop.openAIAnswer("I wrote plan.md.")),
                ProviderRunTests.sse(Loop.openAIAnswer("It says: step one.")),
            ])
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL + "/v1",
                                                                            "LLM_MODEL": "fake-model"])
            let first = try await host.createRun("Write the plan to plan.md", extra: ["session_key": "s_chat"])
            _ = try await host.waitFor(first["run_id"]!.stringValue!, ["completed"])
            // Another session's run and a failed run of this session are not part of it.
            let other = try await host.createRun("elsewhere", script: Script.turns([Script.text("other")]),
                                                 extra: ["session_key": "s_other", "agent": ["provider": "scripted"]])
            _ = try await host.waitFor(other["run_id"]!.stringValue!, ["completed"])
            let failed = try await host.createRun("this one fails", script: Script.turns([["error": ["message": "boom", "status": 400]]]),
                                                  extra: ["session_key": "s_chat", "agent": ["provider": "scripted"]])
            _ = try await host.waitFor(failed["run_id"]!.stringValue!, ["failed"])
            let second = try await host.createRun("What does the plan say?", extra: ["session_key": "s_chat"])
            let done = try await host.waitFor(second["run_id"]!.stringValue!, ["completed"])
            #expect(done["output"] == "It says: step one.")

            let bodies = try Loop.bodies(server)
            #expect(bodies.count == 3)
            let messages = bodies[2]["messages"]?.arrayValue ?? []
            let roles = messages.compactMap { $0["role"]?.stringValue }.filter { $0 != "system" }
            #expect(roles == ["user", "assistant", "tool", "assistant", "user"], "\(messages)")
            let texts = Loop.openAIMessages(bodies[2]).filter { $0.0 != "system" }.map(\.1)
            #expect(texts.first == "Write the plan to plan.md")
            #expect(texts[3] == "I wrote plan.md.")
            #expect(texts.last == "What does the plan say?")
            // The earlier turn's tool call keeps its pairing, under an id of its own.
            let call = messages.first { $0["tool_calls"] != nil }?["tool_calls"]?[0]
            #expect(call?["function"]?["name"] == "write_file")
            let callID = try #require(call?["id"]?.stringValue)
            #expect(callID != "call_w" && callID.hasSuffix("call_w"))
            #expect(messages.first { $0["role"] == "tool" }?["tool_call_id"]?.stringValue == callID)
            let raw = server.requests[2].bodyText
            #expect(!raw.contains("this one fails") && !raw.contains("elsewhere"))
        }
    }

    @Test func runTwoSendsRunOnesTurnToAnAnthropicModel() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try ProviderRunTests.sequence([
                ProviderRunTests.sse(Loop.anthropicAnswer("Noted: the code word is heron.")),
                ProviderRunTests.sse(Loop.anthropicAnswer("The code word is heron.")),
            ])
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: ["ANTHROPIC_API_KEY": "sk-ant-test", "ANTHROPIC_BASE_URL": server.baseURL,
                                                                            "LLM_PROVIDER": "anthropic", "LLM_MODEL": "claude-test"])
            let first = try await host.createRun("Remember the code word heron.", extra: ["session_key": "s_words"])
            _ = try await host.waitFor(first["run_id"]!.stringValue!, ["completed"])
            let second = try await host.createRun("What is the code word?", extra: ["session_key": "s_words"])
            #expect(try await host.waitFor(second["run_id"]!.stringValue!, ["completed"])["output"] == "The code word is heron.")
            let body = try Loop.bodies(server)[1]
            let messages = body["messages"]?.arrayValue ?? []
            #expect(messages.map { $0["role"]?.stringValue ?? "" } == ["user", "assistant", "user"], "\(messages)")
            #expect(messages[0]["content"]?[0]?["text"] == "Remember the code word heron.")
            #expect(messages[1]["content"]?[0]?["text"] == "Noted: the code word is heron.")
            #expect(messages[2]["content"]?[0]?["text"] == "What is the code word?")
        }
    }

    @Test func historyTurnsLimitsHowManyEarlierRunsCount() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try LoopbackServer { _, conn in
                _ = conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
                _ = conn.chunk(Loop.openAIAnswer("ok"))
                _ = conn.endChunks()
            }
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL + "/v1",
                                                                            "AGENT_HISTORY_TURNS": "2", "MEMORY_ENABLED": "false"])
            for i in 1...4 {
                let run = try await host.createRun("turn \(i)", extra: ["session_key": "s_many"])
                _ = try await host.waitFor(run["run_id"]!.stringValue!, ["completed"])
            }
            let texts = Loop.openAIMessages(try Loop.bodies(server)[3]).map(\.1)
            #expect(texts == ["turn 2", "ok", "turn 3", "ok", "turn 4"])
            // A run can ask for none.
            let alone = try await host.createRun("turn 5", extra: ["session_key": "s_many", "agent": ["history_turns": 0]])
            _ = try await host.waitFor(alone["run_id"]!.stringValue!, ["completed"])
            #expect(Loop.openAIMessages(try Loop.bodies(server)[4]).map(\.1) == ["turn 5"])
        }
    }

    /// Ten long turns in a session whose model has a small window: the next
    /// run's prompt would not fit, so its oldest turns are summarised
    /// (extractively, for the scripted model) and the request fits.
    @Test(arguments: TestBackend.all)
    func aLongSessionIsCompactedAndTheNextRequestFitsTheWindow(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            // No memory and no tools in the prompt: the turns alone decide what fits.
            let host = try await HostProcess.started(storage, environment: ["MEMORY_ENABLED": "false"])
            let window = 2000
            let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 12)
            for i in 1...10 {
                let run = try await host.createRun("Question \(i): \(filler)", script: Script.turns([Script.text("Answer \(i): \(filler)")]),
                                                   extra: ["session_key": "s_long", "agent": ["context_window": .int(Int64(window)), "history_turns": 50, "tools": []]])
                _ = try await host.waitFor(run["run_id"]!.stringValue!, ["completed"])
            }
            let last = try await host.createRun("Question 11: what did I ask first?", script: Script.turns([Script.text("done")]),
                                                extra: ["session_key": "s_long", "agent": ["context_window": .int(Int64(window)), "history_turns": 50, "tools": []]])
            let lastID = last["run_id"]!.stringValue!
            #expect(try await host.waitFor(lastID, ["completed", "failed"])["status"] == "completed")
            let events = try await host.allEvents(lastID)
            try expectWellFormed(events)
            let compacted = try #require(Loop.payloads(events, "run.compacted").first)
            #expect((compacted["messages_before"]?.intValue ?? 0) > (compacted["messages_after"]?.intValue ?? 0))
            #expect((compacted["tokens_saved"]?.intValue ?? 0) > 0)
            #expect(compacted["summarizer"] == "extractive")
            #expect(compacted["summary"]?.stringValue?.isEmpty == false)
            let called = try #require(Loop.payloads(events, "llm.called").last)
            #expect(called["context_window"] == .int(Int64(window)))
            #expect((called["estimated_tokens"]?.intValue ?? .max) <= Int64(window), "\(called)")
            #expect((called["message_count"]?.intValue ?? 0) == compacted["messages_after"]?.intValue)
        }
    }

    /// The same against a real wire: the summary is the run's own model's,
    /// and the request after it is within the window by the bytes sent.
    @Test func anOpenAIModelWritesTheSummaryAndTheNextRequestIsSmall() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try LoopbackServer { request, conn in
                let summary = request.bodyText.contains("You compact a conversation")
                _ = conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
                _ = conn.chunk(Loop.openAIAnswer(summary ? "The user asked eight long questions about lorem ipsum." : "noted"))
                _ = conn.endChunks()
            }
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: ["OPENAI_API_KEY": "sk-test", "OPENAI_BASE_URL": server.baseURL + "/v1",
                                                                            "LLM_CONTEXT_WINDOW": "1000", "MEMORY_ENABLED": "false"])
            let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 12)
            var last = ""
            for i in 1...10 {
                let run = try await host.createRun("Question \(i): \(filler)", extra: ["session_key": "s_wire", "agent": ["tools": []]])
                last = run["run_id"]!.stringValue!
                #expect(try await host.waitFor(last, ["completed", "failed"])["status"] == "completed")
            }
            let events = try await host.allEvents(last)
            let compacted = try #require(Loop.payloads(events, "run.compacted").last)
            #expect(compacted["summarizer"] == "model")
            #expect(compacted["summary"] == "The user asked eight long questions about lorem ipsum.")
            let final = try #require(server.requests.last)
            #expect(final.bodyText.contains("The user asked eight long questions about lorem ipsum."))
            #expect(final.bodyText.contains("Question 10"))
            #expect(!final.bodyText.contains("Question 1:"))
            // 1000 tokens at four characters each, with room to spare for JSON framing.
            #expect(final.body.count < 1000 * 4, "\(final.body.count) bytes")
        }
    }
}
