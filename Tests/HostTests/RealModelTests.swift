import Foundation
import RPC
import Testing

/// A real small model (SmolLM2-135M behind llama.cpp's OpenAI-compatible
/// server, started by `scripts/test-llm`) driven through the product: the
/// plumbing, not the wisdom. Runs when `OI_TEST_OPENAI_BASE_URL` is set, and
/// under `CI=true` always (failing if the server is missing).
@Suite(.serialized, .enabled(if: RealModel.baseURL != nil || TestBackend.isCI))
struct RealModelTests {
    var environment: [String: String] {
        get throws {
            guard let url = RealModel.baseURL else {
                throw HostCallError(method: "real model", reply: "OI_TEST_OPENAI_BASE_URL is not set (scripts/test-llm start)")
            }
            return ["LLM_PROVIDER": "openai", "OPENAI_BASE_URL": url, "LLM_MODEL": RealModel.model, "LLM_MAX_TOKENS": "48"]
        }
    }

    @Test func aStreamedRunCompletesThroughTheCLI() throws {
        let dir = NSTemporaryDirectory() + "oi-real-\(UUID().uuidString)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: HostProcess.binary)
        p.arguments = ["run", "Say hello in five words.", "--json"]
        var env = ProcessInfo.processInfo.environment
        env["OI_CONFIG"] = "/nonexistent.json"
        env["DATA_DIR"] = dir
        for (k, v) in try environment { env[k] = v }
        p.environment = env
        let out = ExclusivePipe()
        p.standardOutput = out.childEnd
        try p.run()
        out.closeChildEnd()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let events = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
        #expect(p.terminationStatus == 0, "\(events.last ?? .null)")
        #expect(events.contains { $0["type"] == "llm.token" })
        #expect(events.last?["type"] == "run.completed")
        #expect(events.first { $0["type"] == "llm.called" }?["payload"]?["provider"] == "openai")
    }

    @Test func aForcedToolCallRunsABuiltInToolAndTheRunGoesOn() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage, environment: try environment)
            // A tool whose arguments cannot be wrong, so a weak model's call succeeds.
            let run = try await host.createRun("Which skills are available?",
                                               extra: ["agent": ["tool_choice": "skills_list", "tools": ["skills_list"], "max_steps": 3]])
            let id = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(id, ["completed", "failed"], timeout: .seconds(240))
            let events = try await host.allEvents(id)
            let called = events.filter { $0["type"] == "tool.called" }
            #expect(called.first?["payload"]?["tool_name"] == "skills_list")
            #expect(events.contains { $0["type"] == "tool.result" && $0["payload"]?["is_error"] == false })
            // After the tool result the model was called again: the run went on.
            #expect(events.filter { $0["type"] == "llm.called" }.count >= 2)
            #expect(done["status"] == "completed" || done["stop_reason"] == "max_steps", "\(done)")
        }
    }
}

enum RealModel {
    static var baseURL: String? { ProcessInfo.processInfo.environment["OI_TEST_OPENAI_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }
    static var model: String { ProcessInfo.processInfo.environment["OI_TEST_OPENAI_MODEL"] ?? "smollm2" }
}
