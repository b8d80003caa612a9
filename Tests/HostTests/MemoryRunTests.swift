import Foundation
import RPC
import Testing

/// Memory in runs, over the real pipe: a finished run leaves an episodic
/// summary that later runs retrieve into their prompt, and a scripted agent
/// uses the memory and core-memory tools.
@Suite struct MemoryRunTests {
    @Test(arguments: TestBackend.all)
    func aCompletedRunLeavesASummaryThatTheNextRunRetrieves(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let script = Script.turns([
                Script.tools([("file_write", ["path": "notes/kiwi.md", "content": "Kiwi harvest starts in May."])], text: "saving"),
                Script.text("I saved the kiwi harvest notes to notes/kiwi.md."),
            ])
            let first = try await host.createRun("Write down when the kiwi harvest starts", script: script)
            let firstID = try #require(first["run_id"]?.stringValue)
            _ = try await host.waitFor(firstID, ["completed", "failed"])
            let listed = try await host.result("memory/list", ["tier": "episodic"])
            let summary = try #require(listed["memories"]?.arrayValue?.first)
            #expect(listed["memories"]?.arrayValue?.count == 1)
            #expect(summary["source_type"] == "run_summary")
            #expect(summary["metadata"]?["run_id"]?.stringValue == firstID)
            let text = try await host.result("memory/get", ["id": summary["id"]!])["text"]?.stringValue ?? ""
            #expect(text.contains("Task: Write down when the kiwi harvest starts"))
            #expect(text.contains("file_write(path: notes/kiwi.md)"))
            #expect(text.contains("Outcome: I saved the kiwi harvest notes"))

            // Another session: what it knows comes from memory, not from the first run's turn (SessionHistoryTests).
            let second = try await host.createRun("When does the kiwi harvest start?", script: Script.turns([Script.text("In May.")]),
                                                  extra: ["session_key": "s_later"])
            let secondID = try #require(second["run_id"]?.stringValue)
            _ = try await host.waitFor(secondID, ["completed", "failed"])
            let events = try await host.allEvents(secondID)
            try expectWellFormed(events)
            let types = events.compactMap { $0["type"]?.stringValue }.filter { $0 != "llm.token" }
            #expect(types == ["run.started", "step.started", "memory.retrieved", "llm.called", "step.completed", "run.completed"])
            let retrieved = try #require(events.first { $0["type"] == "memory.retrieved" })
            #expect(retrieved["payload"]?["hits"]?.arrayValue?.first?["memory_id"] == summary["id"])
            let called = try #require(events.first { $0["type"] == "llm.called" })
            #expect(called["payload"]?["message_count"] == 2, "the memory message and the user's")
            // Two runs, two summaries.
            #expect(try await host.result("memory/list", ["tier": "episodic"])["memories"]?.arrayValue?.count == 2)
        }
    }

    @Test(arguments: TestBackend.all)
    func aScriptedAgentUsesTheMemoryTools(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, scope: ["org_id": "acme", "user_id": "ann", "project_id": "p1"])
            let script = Script.turns([
                Script.tools([
                    ("memory_write", ["tier": "archival", "title": "Staging DB", "text": "The staging database host is db-stage-2."]),
                    ("memory_write", ["tier": "episodic", "text": "Deploys need a green canary for 10 minutes.", "metadata": ["durable": true]]),
                    ("core_memory_append", ["label": "human", "content": "Name: Ada"]),
                    ("core_memory_append", ["label": "human", "content": .string(String(repeating: "z", count: 2100))]),
                ]),
                Script.tools([("memory_search", ["query": "staging database host", "top_k": 3])]),
                Script.tools([("core_memory_replace", ["label": "human", "old": "Ada", "new": "Ada Lovelace"]), ("memory_list", ["tier": "archival"])]),
                Script.text("All noted."),
            ])
            let run = try await host.createRun("Remember the staging setup", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed")
            let events = try await host.allEvents(runID)
            try expectWellFormed(events)
            let results = events.filter { $0["type"] == "tool.result" }.map { $0["payload"]! }
            #expect(results.map { $0["tool_name"]?.stringValue ?? "" } == [
                "memory_write", "memory_write", "core_memory_append", "core_memory_append", "memory_search", "core_memory_replace", "memory_list",
            ])
            #expect(results.map { $0["is_error"] } == [false, false, false, true, false, false, false])
            #expect(results[3]["result"]?["error"]?.stringValue?.contains("limit is 2000") == true, "\(results[3])")
            let archivalID = try #require(results[0]["result"]?["id"])
            #expect(results[4]["result"]?["hits"]?.arrayValue?.first?["id"] == archivalID)
            #expect(results[5]["result"]?["content"] == "Name: Ada Lovelace")

            // From step 2 on, the core block is in the prompt.
            let retrieved = events.filter { $0["type"] == "memory.retrieved" }
            #expect(retrieved.count == 3)
            #expect(retrieved.allSatisfy { $0["payload"]?["core_blocks"] == ["human"] })

            let blocks = try await host.result("memory/core/get", [:])
            #expect(blocks["blocks"]?.arrayValue?.first?["content"] == "Name: Ada Lovelace")
            // The durable fact was promoted: another user of the project finds it.
            let bob: JSONValue = ["org_id": "acme", "user_id": "bob", "project_id": "p1"]
            let found = try await host.result("memory/search", ["query": "green canary deploys", "tiers": ["archival"], "scope": bob])
            #expect(found["hits"]?.arrayValue?.first?["snippet"]?.stringValue?.contains("green canary") == true, "\(found)")
            #expect(host.violations.isEmpty)
        }
    }
}
