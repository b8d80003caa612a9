import Foundation
import RPC
import Testing

/// `oi-host run`, `tail` and `export` as a person types them.
@Suite struct CLIRunTests {
    func run(_ args: [String], dir: String, env: [String: String] = [:]) async throws -> (status: Int32, out: String, err: String) {
        let output = try await CLIProcess.run(args, env: ["DATA_DIR": dir, "OI_CONFIG": "/nonexistent.json"].merging(env) { _, b in b })
        return (output.status, output.stdout, output.stderr)
    }

    @Test func runStreamsTheSampleAndExportAndTailReplayIt() async throws {
        let dir = NSTemporaryDirectory() + "oi-cli-run-\(UUID().uuidString)"
        let script = HostProcess.packageRoot + "/examples/scripts/hello.json"
        let streamed = try await run(["run", "Say hello", "--stream", "--script", script], dir: dir)
        #expect(streamed.status == 0, "\(streamed.err)")
        #expect(streamed.out.contains("▶ run_"))
        #expect(streamed.out.contains("→ file_write"))
        #expect(streamed.out.contains("✔ completed (end_turn)"))
        let runID = try #require(streamed.out.split(separator: " ").first { $0.hasPrefix("run_") }.map(String.init))
        let json = try await run(["run", "again", "--json", "--session", "s_cli"], dir: dir)
        #expect(json.status == 0)
        let lines = json.out.split(separator: "\n").map { try? JSONParser.parse(String($0)) }
        #expect(lines.allSatisfy { $0 != nil })
        #expect(lines.last??["type"] == "run.completed")
        let exported = try await run(["export", runID, "--format", "json"], dir: dir)
        #expect(exported.status == 0)
        let trace = try JSONParser.parse(exported.out)
        #expect(trace["run"]?["run_id"] == .string(runID))
        #expect(trace["events"]?.arrayValue?.last?["type"] == "run.completed")
        let tailed = try await run(["tail", runID, "--format", "json"], dir: dir)
        #expect(tailed.status == 0)
        #expect(tailed.out.split(separator: "\n").count == trace["events"]?.arrayValue?.count)
        let missing = try await run(["export", "run_NOPE"], dir: dir)
        #expect(missing.status != 0)
        #expect(missing.err.contains("not found"))
    }

    @Test func aFailedRunExitsNonZero() async throws {
        let dir = NSTemporaryDirectory() + "oi-cli-run-\(UUID().uuidString)"
        let script = dir + "-fail.json"
        try Data(#"{"turns":[{"error":{"message":"no luck","status":500}}]}"#.utf8).write(to: URL(fileURLWithPath: script))
        let failed = try await run(["run", "doomed", "--script", script], dir: dir)
        #expect(failed.status == 1)
        #expect(failed.out.contains("no luck"))
    }

    @Test func skillsListShowsFolderSkills() async throws {
        let dir = NSTemporaryDirectory() + "oi-cli-skills-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/skills/greet", withIntermediateDirectories: true)
        try Data("---\nname: greet\ndescription: Say hi\ntools:\n  - file_list\n---\nBe kind.\n".utf8).write(to: URL(fileURLWithPath: dir + "/skills/greet/SKILL.md"))
        let table = try await run(["skills", "list"], dir: dir)
        #expect(table.status == 0)
        #expect(table.out.contains("greet") && table.out.contains("Say hi") && table.out.contains("file_list"))
        let json = try await run(["skills", "list", "--format", "json"], dir: dir)
        #expect(try JSONParser.parse(json.out)["skills"]?.arrayValue?.first?["instructions"] == "Be kind.")
    }
}
