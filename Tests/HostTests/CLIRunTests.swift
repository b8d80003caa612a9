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

    @Test func exportWritesJSONLinesFiltersByTypeAndReplacesASymlinkAtTheOutPath() async throws {
        let dir = NSTemporaryDirectory() + "oi-cli-export-\(UUID().uuidString)"
        let script = HostProcess.packageRoot + "/examples/scripts/hello.json"
        let ran = try await run(["run", "Say hello", "--json", "--script", script], dir: dir)
        #expect(ran.status == 0, "\(ran.err)")
        let runID = try #require(try JSONParser.parse(String(ran.out.split(separator: "\n")[0]))["run_id"]?.stringValue)
        let whole = try JSONParser.parse(try await run(["export", runID], dir: dir).out)
        let all = whole["events"]?.arrayValue ?? []

        let jsonl = try await run(["export", runID, "-f", "jsonl"], dir: dir)
        #expect(jsonl.status == 0)
        #expect(jsonl.out.hasSuffix("\n"))
        let lines = try jsonl.out.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.first == whole["run"])
        #expect(Array(lines.dropFirst()) == all)
        #expect(lines.dropFirst().map { $0["seq"]?.intValue } == (1...Int64(all.count)).map { $0 })

        let filtered = try await run(["export", runID, "--format", "jsonl", "--filter", "tool.", "--filter", "run.completed"], dir: dir)
        let types = try filtered.out.split(separator: "\n").dropFirst().map { try JSONParser.parse(String($0))["type"]?.stringValue ?? "" }
        #expect(types.contains("tool.called") && types.last == "run.completed")
        #expect(types.allSatisfy { $0.hasPrefix("tool.") || $0 == "run.completed" })
        #expect(types.count < all.count)
        let filteredJSON = try JSONParser.parse(try await run(["export", runID, "--filter", "run.completed"], dir: dir).out)
        #expect(filteredJSON["events"]?.arrayValue?.map { $0["type"] } == ["run.completed"])

        // -o replaces a symlink at the path instead of writing through it, and leaves no temporary file.
        let outDir = dir + "-out"
        try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: outDir + "/victim.txt"))
        try FileManager.default.createSymbolicLink(atPath: outDir + "/trace.json", withDestinationPath: outDir + "/victim.txt")
        let written = try await run(["export", runID, "-o", outDir + "/trace.json"], dir: dir)
        #expect(written.status == 0, "\(written.err)")
        #expect(written.out.isEmpty)
        #expect(String(decoding: try #require(FileManager.default.contents(atPath: outDir + "/victim.txt")), as: UTF8.self) == "keep")
        let attributes = try FileManager.default.attributesOfItem(atPath: outDir + "/trace.json")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try JSONParser.parse(try #require(FileManager.default.contents(atPath: outDir + "/trace.json")))["run"]?["run_id"] == .string(runID))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outDir).sorted() == ["trace.json", "victim.txt"])
        let intoMissingDir = try await run(["export", runID, "-o", outDir + "/nope/trace.json"], dir: dir)
        #expect(intoMissingDir.status != 0)
        #expect(intoMissingDir.err.contains("cannot write"))
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
