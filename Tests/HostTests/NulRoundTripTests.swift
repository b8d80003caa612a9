import Foundation
import RPC
import Testing

/// U+0000 never fails a run: in a streamed answer, in a tool result and in
/// file content it is stored (escaped where the backend needs it) and comes
/// back intact, on both backends.
@Suite struct NulRoundTripTests {
    @Test(arguments: TestBackend.all)
    func nulInAStreamedAnswerAndInAToolResultRoundTrips(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage)
            let folder = storage.dataDir + "/workspace/org_default/user_default/.none"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // Raw NUL bytes and the PostgreSQL driver's escape marker, both in the file.
            let fileText = "head\u{0}middle\u{10FFFD}0tail\u{0}"
            try Data(fileText.utf8).write(to: URL(fileURLWithPath: folder + "/binary.txt"))
            let answer = "an answer\u{0}with NUL\u{0}s"
            let script = Script.turns([
                Script.tools([("file_read", ["path": "binary.txt"])]),
                Script.text(answer, chunks: 4),
            ])
            let created = try await host.createRun("read the odd file", script: script)
            let runID = try #require(created["run_id"]?.stringValue)
            let run = try await host.waitFor(runID, ["completed", "failed"])
            #expect(run["status"] == "completed", "\(run)")
            #expect(run["output"]?.stringValue == answer)
            let events = try await host.allEvents(runID)
            let result = try #require(events.first { $0["type"] == "tool.result" })
            #expect(result["payload"]?["result"]?["content"]?.stringValue == fileText, "\(result)")
            #expect(result["payload"]?["is_error"] == false)
            let streamed = events.filter { $0["type"] == "llm.token" }.compactMap { $0["payload"]?["text"]?.stringValue }.joined()
            #expect(streamed == answer)
            let completed = try #require(events.last)
            #expect(completed["type"] == "run.completed")
            #expect(completed["payload"]?["output"]?.stringValue == answer)
            // The run's summary memory holds the answer too, intact.
            let memories = try await host.result("memory/list", ["tier": "episodic"])
            let summary = try #require(memories["memories"]?.arrayValue?.first)
            #expect(summary["text"]?.stringValue?.contains("with NUL\u{0}s") == true, "\(summary)")
            let export = try await host.result("runs/export", ["run_id": .string(runID)])
            #expect(export["run"]?["output"]?.stringValue == answer)
            // And input with NUL is a run like any other.
            let odd = try await host.createRun("input\u{0}with NUL", script: Script.turns([Script.text("ok")]))
            let done = try await host.waitFor(odd["run_id"]!.stringValue!, ["completed", "failed"])
            #expect(done["status"] == "completed")
            #expect(done["input"]?.stringValue == "input\u{0}with NUL")
        }
    }
}
