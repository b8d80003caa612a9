import Foundation
import LoopbackServer
import RPC
import Testing

/// `memory.summarizer: model`: the run's own model writes its episodic
/// summary (one more call, no tools, its usage counted in the run's), and a
/// failing summary call falls back to the extractive summary.
@Suite struct ModelSummaryTests {
    static let summary = "Asked for the capital of France; answered Paris, no tools used."

    @Test func theRunsModelWritesTheSummaryAndItsTokensCount() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try ProviderRunTests.sequence([
                ProviderRunTests.sse(ProviderRunTests.answer(["Paris", " is the capital."])),
                ProviderRunTests.sse(ProviderRunTests.answer([Self.summary])),
            ])
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: [
                "OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": server.baseURL + "/v1", "LLM_MODEL": "fake-model", "MEMORY_SUMMARIZER": "model",
            ])
            let run = try await host.createRun("What is the capital of France?")
            let id = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(id, ["completed", "failed"])
            #expect(done["status"] == "completed" && done["output"] == "Paris is the capital.")
            // Two model calls, each 11 + 4 tokens in the fake's usage.
            #expect(done["usage"]?["input_tokens"] == 22 && done["usage"]?["output_tokens"] == 8, "\(done)")

            let requests = server.requests
            #expect(requests.count == 2)
            let asked = try JSONParser.parse(requests[1].body)
            #expect(asked["tools"] == nil && asked["model"] == "fake-model")
            let messages = asked["messages"]?.arrayValue ?? []
            #expect(messages.first?["role"] == "system" && messages.first?["content"]?.stringValue?.contains("memory") == true)
            #expect(messages.last?["content"]?.stringValue?.contains("What is the capital of France?") == true)

            let events = try await host.allEvents(id)
            try expectWellFormed(events)
            let summarized = try #require(events.first { $0["type"] == "memory.summarized" }?["payload"])
            #expect(summarized["summarizer"] == "model" && summarized["model"] == "openai/fake-model")
            #expect(summarized["usage"]?["output_tokens"] == 4)
            #expect(events.filter { $0["type"] == "llm.token" }.allSatisfy { $0["payload"]?.description.contains("no tools used") == false },
                    "the summary is not streamed as the run's answer")
            let memory = try await host.result("memory/get", ["id": summarized["memory_id"]!])
            #expect(memory["text"] == .string(Self.summary))
            #expect(memory["metadata"]?["summarizer"] == "model" && memory["metadata"]?["summary_model"] == "openai/fake-model")
            #expect(memory["source_type"] == "run_summary" && memory["tier"] == "episodic")
        }
    }

    @Test(arguments: TestBackend.all)
    func aFailedSummaryCallFallsBackToTheExtractiveSummary(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: ["MEMORY_SUMMARIZER": "model"])
            let script: JSONValue = ["turns": [Script.text("The answer is forty-two.")],
                                     "summary": ["error": ["message": "summary model unavailable", "status": 400]]]
            let id = try #require(try await host.createRun("What is the answer?", script: script)["run_id"]?.stringValue)
            let done = try await host.waitFor(id, ["completed", "failed"])
            #expect(done["status"] == "completed" && done["output"] == "The answer is forty-two.")
            let summarized = try #require(try await host.allEvents(id).first { $0["type"] == "memory.summarized" }?["payload"])
            #expect(summarized["summarizer"] == "extractive")
            #expect(summarized["error"]?.stringValue?.contains("summary model unavailable") == true, "\(summarized)")
            let memory = try await host.result("memory/get", ["id": summarized["memory_id"]!])
            #expect(memory["text"]?.stringValue?.hasPrefix("Task: What is the answer?") == true)
            #expect(memory["metadata"]?["summarizer"] == "extractive")
        }
    }

    @Test func byDefaultTheSummaryIsExtractiveAndCostsNoCall() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try ProviderRunTests.sequence([ProviderRunTests.sse(ProviderRunTests.answer(["Paris."]))])
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: [
                "OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": server.baseURL + "/v1", "LLM_MODEL": "fake-model",
            ])
            let id = try #require(try await host.createRun("Capital of France?")["run_id"]?.stringValue)
            #expect(try await host.waitFor(id, ["completed", "failed"])["status"] == "completed")
            #expect(server.requests.count == 1)
            #expect(try await host.allEvents(id).contains { $0["type"] == "memory.summarized" } == false)
            let summary = try #require(try await host.result("memory/list", ["tier": "episodic"])["memories"]?.arrayValue?.first)
            #expect(summary["metadata"]?["summarizer"] == "extractive" && summary["metadata"]?["run_id"] == .string(id))
        }
    }

    /// `auto`: the model summarizes runs of a real provider, not scripted ones.
    @Test func autoAsksARealModelButNotAScript() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try ProviderRunTests.sequence([
                ProviderRunTests.sse(ProviderRunTests.answer(["Paris."])), ProviderRunTests.sse(ProviderRunTests.answer([Self.summary])),
            ])
            defer { server.stop() }
            let host = try await HostProcess.started(storage, environment: [
                "OPENAI_API_KEY": "sk-x", "OPENAI_BASE_URL": server.baseURL + "/v1", "LLM_MODEL": "fake-model", "MEMORY_SUMMARIZER": "auto",
            ])
            let scripted = try #require(try await host.createRun("Scripted task", script: Script.turns([Script.text("ok")]),
                                                                 extra: ["agent": ["provider": "scripted"]])["run_id"]?.stringValue)
            #expect(try await host.waitFor(scripted, ["completed", "failed"])["status"] == "completed")
            #expect(try await host.allEvents(scripted).contains { $0["type"] == "memory.summarized" } == false)
            #expect(server.requests.isEmpty)

            let real = try #require(try await host.createRun("Capital of France?")["run_id"]?.stringValue)
            #expect(try await host.waitFor(real, ["completed", "failed"])["status"] == "completed")
            let summarized = try #require(try await host.allEvents(real).first { $0["type"] == "memory.summarized" }?["payload"])
            #expect(summarized["summarizer"] == "model")
            #expect(try await host.result("memory/get", ["id": summarized["memory_id"]!])["text"] == .string(Self.summary))
            #expect(server.requests.count == 2)
        }
    }
}
