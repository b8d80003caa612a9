import Foundation
import RPC
import Testing

/// Logs name the run they are about: `--log-format json` writes one JSON
/// object per stderr line, and a line written while a run executes carries
/// its `run_id`, `step` and scope as members (text lines carry them too).
@Suite struct LogFormatTests {
    func run(_ args: [String], dir: String, env: [String: String] = [:]) async throws -> CLIProcess.Output {
        try await CLIProcess.run(args, env: ["DATA_DIR": dir, "OI_CONFIG": "/nonexistent.json", "OI_LOG_LEVEL": "warning",
                                             "AGENT_ORG_ID": "acme", "AGENT_USER_ID": "ann", "AGENT_PROJECT_ID": "apollo"].merging(env) { _, b in b })
    }

    /// A run whose second step's model call fails: the executor logs it.
    func failingScript(_ dir: String) throws -> String {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/failing.json"
        let script: JSONValue = ["turns": [["text": "", "tool_calls": [["name": "file_list", "arguments": [:]]]],
                                           ["error": ["message": "the model is down", "status": 400]]]]
        try Data(script.description.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func jsonLogLinesCarryTheRunIdItsStepAndTheScope() async throws {
        let dir = NSTemporaryDirectory() + "oi-logs-\(UUID().uuidString)"
        let script = try failingScript(dir)
        let out = try await run(["run", "fail please", "--json", "--script", script, "--log-format", "json"], dir: dir)
        #expect(out.status == 1, "\(out.stderr)")
        let runID = try #require(try JSONParser.parse(String(out.stdout.split(separator: "\n")[0]))["run_id"]?.stringValue)
        let lines = out.stderr.split(separator: "\n").map(String.init)
        #expect(!lines.isEmpty)
        let parsed = lines.map { try? JSONParser.parse($0) }
        #expect(parsed.allSatisfy { $0 != nil }, "every stderr line is a JSON object: \(lines)")
        let failure = try #require(parsed.compactMap { $0 }.first { $0["message"] == "run failed" })
        #expect(failure["level"] == "warning" && failure["logger"] == "oi.runtime.executor")
        #expect(failure["ts"]?.stringValue?.hasSuffix("Z") == true)
        #expect(failure["run_id"] == .string(runID) && failure["step"] == 2)
        #expect(failure["org_id"] == "acme" && failure["user_id"] == "ann" && failure["project_id"] == "apollo")
        #expect(failure["error"]?.stringValue?.contains("the model is down") == true)

        // The config key does the same; text lines carry the run too.
        let text = try await run(["run", "fail again", "--script", script], dir: dir)
        let line = try #require(text.stderr.split(separator: "\n").first { $0.contains("run failed") })
        #expect(line.contains("run_id=run_") && line.contains("step=2") && line.contains("org_id=acme"))
        let viaEnv = try await run(["run", "and again", "--script", script], dir: dir, env: ["OI_LOG_FORMAT": "json"])
        #expect(viaEnv.stderr.split(separator: "\n").allSatisfy { (try? JSONParser.parse(String($0))) != nil })
        try? FileManager.default.removeItem(atPath: dir)
    }
}
