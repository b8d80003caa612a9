import Foundation
import RPC
import Testing

/// The CLI subcommands, run as a user would from a shell.
@Suite struct CLITests {
    func run(_ args: [String], env: [String: String] = [:], in dir: String? = nil) async throws -> CLIProcess.Output {
        try await CLIProcess.run(args, env: env, in: dir)
    }

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "oi-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func versionPrintsTheVersion() async throws {
        let out = try await run(["--version"])
        #expect(out.status == 0)
        #expect(out.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    @Test func initWritesAConfigAndRefusesToOverwriteWithoutForce() async throws {
        let dir = try tempDir()
        #expect(try await run(["init"], in: dir).status == 0)
        let written = try #require(FileManager.default.contents(atPath: dir + "/agent.config.json"))
        let config = try JSONParser.parse(written)
        #expect(config["llm"]?["provider"] == "scripted")
        #expect(config["server"]?["port"] == 3000)
        let again = try await run(["init"], in: dir)
        #expect(again.status != 0)
        #expect(again.stderr.contains("--force"))
        #expect(try await run(["init", "--force"], in: dir).status == 0)
        // The file it writes is one the host accepts without warnings.
        let doctor = try await run(["doctor", "--json"], in: dir)
        #expect(doctor.status == 0)
        #expect(!doctor.stdout.contains("\"warn\""))
    }

    @Test func doctorFixCreatesTheStarterConfigAndTheDataFolderButNeverOverwrites() async throws {
        let dir = try tempDir()
        let fm = FileManager.default
        // Without --fix, doctor changes nothing on disk.
        #expect(try await run(["doctor"], in: dir).status == 0)
        #expect(!fm.fileExists(atPath: dir + "/agent.config.json") && !fm.fileExists(atPath: dir + "/data"))

        let fixed = try await run(["doctor", "--fix"], in: dir)
        #expect(fixed.status == 0, "\(fixed.stdout)")
        let lines = fixed.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.prefix(2)) == ["✔ fix: created agent.config.json (the starter config oi-host init writes)",
                                           "✔ fix: created the data folder data"])
        #expect(try await run(["init", "--path", "init.json"], in: dir).status == 0)
        #expect(fm.contents(atPath: dir + "/agent.config.json") == fm.contents(atPath: dir + "/init.json"))
        var isDirectory: ObjCBool = false
        #expect(fm.fileExists(atPath: dir + "/data", isDirectory: &isDirectory) && isDirectory.boolValue)

        let mine = Data(#"{"server":{"baseDir":"elsewhere"}}"#.utf8)
        try mine.write(to: URL(fileURLWithPath: dir + "/agent.config.json"))
        let again = try await run(["doctor", "--fix", "--json"], in: dir)
        #expect(again.status == 0)
        let fixes = try JSONParser.parse(again.stdout)["fixes"]?.arrayValue?.compactMap { $0["detail"]?.stringValue }
        #expect(fixes == ["kept agent.config.json: it exists", "created the data folder elsewhere"])
        #expect(fm.contents(atPath: dir + "/agent.config.json") == mine)
    }

    @Test func doctorReportsKeysWithoutPrintingThem() async throws {
        let secret = "sk-test-\(UUID().uuidString)"
        let out = try await run(["doctor", "--json"], env: ["OPENAI_API_KEY": secret, "OI_CONFIG": "/none.json"])
        #expect(out.status == 0)
        #expect(!out.stdout.contains(secret) && !out.stderr.contains(secret))
        let report = try JSONParser.parse(out.stdout)
        #expect(report["ok"] == true)
        let details = report["checks"]?.arrayValue?.compactMap { $0["detail"]?.stringValue } ?? []
        #expect(details.contains("OPENAI_API_KEY is set"))
    }

    @Test func doctorFailsOnAMissingMCPCommandAndABadValue() async throws {
        let dir = try tempDir()
        try Data(#"{"mcpServers":{"ghost":{"command":"no-such-mcp-server-xyz"}}}"#.utf8).write(to: URL(fileURLWithPath: dir + "/agent.config.json"))
        let out = try await run(["doctor"], in: dir)
        #expect(out.status == 1)
        #expect(out.stdout.contains("command not found: no-such-mcp-server-xyz"))
        let bad = try await run(["doctor", "--json"], env: ["LLM_TEMPERATURE": "9"], in: dir)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("LLM_TEMPERATURE"))
    }

    @Test func aProviderWithoutAKeyFailsDoctor() async throws {
        let out = try await run(["doctor"], env: ["LLM_PROVIDER": "anthropic", "OI_CONFIG": "/none.json"])
        #expect(out.status == 1)
        #expect(out.stdout.contains("no API key"))
    }

    @Test func settingsThatDoNothingYetAreNamedByTheHostAtStartAndByDoctor() async throws {
        let dir = try tempDir()
        try Data(#"{"sandbox":{"fileTypeBlacklist":[".exe"]},"llm":{"temperature":0.5}}"#.utf8).write(to: URL(fileURLWithPath: dir + "/agent.config.json"))
        let env = ["SANDBOX_MAX_WRITE_SIZE": "1000", "CORS_ORIGINS": "http://localhost:5173", "FEISHU_APP_SECRET": "fs-secret-4711",
                   "MINERU_ENABLED": "true", "MINERU_UID_TOKEN": "uid-secret-0815", "DATA_DIR": dir + "/data"]
        // sandbox.* (exec_command, file tools) and CORS_ORIGINS (the REST adapter) are acted on: set here, they must not be named.
        // feishu.* and mineru.* are acted on since the ingestion jobs, but for the uid token the v4 API never uses.
        let expected = ["mineru.uidToken"]
        let candidates = expected + ["sandbox.fileTypeBlacklist", "sandbox.maxWriteSize", "sandbox.enabled", "feishu.enabled", "feishu.appSecret", "mineru.enabled",
                                     "mineru.mode", "llm.temperature", "server.corsOrigins"]
        func named(_ text: String) -> [String] {
            let lines = text.split(separator: "\n").filter { $0.contains("is not implemented yet") }
            #expect(lines.count == expected.count, "\(lines)")
            return candidates.filter { key in lines.contains { $0.contains(key + " (") } }.sorted()
        }
        // The host (stdin at EOF: it starts, warns, and stops).
        let host = try await run([], env: env, in: dir)
        #expect(host.status == 0, "\(host.stderr)")
        #expect(named(host.stderr) == expected)
        #expect(host.stderr.contains("mineru.uidToken (environment MINERU_UID_TOKEN)"))
        #expect(!host.stderr.contains("uid-secret-0815"))
        #expect(!host.stderr.contains("sandbox.fileTypeBlacklist (config file agent.config.json)"))
        #expect(!host.stderr.contains("server.corsOrigins"))
        #expect(!host.stderr.contains("fs-secret-4711"))
        let doctor = try await run(["doctor", "--json"], env: env, in: dir)
        #expect(doctor.status == 0)
        let checks = try JSONParser.parse(doctor.stdout)["checks"]?.arrayValue ?? []
        let warned = checks.filter { $0["status"] == "warn" }.compactMap { $0["detail"]?.stringValue }.joined(separator: "\n")
        #expect(named(warned) == expected)
        #expect(!doctor.stdout.contains("fs-secret-4711") && !doctor.stdout.contains("uid-secret-0815"))
    }

    @Test func theSchemasDirectoryIsCurrent() async throws {
        let out = try await run(["schemas", "--check", "--out", HostProcess.packageRoot + "/schemas"])
        #expect(out.status == 0, "\(out.stdout)")
    }

    @Test func anInvalidConfigStopsTheHostWithAClearMessage() async throws {
        let out = try await run([], env: ["QUEUE_CONCURRENCY": "0", "OI_CONFIG": "/none.json"])
        #expect(out.status != 0)
        #expect(out.stderr.contains("queue.concurrency"))
        #expect(out.stderr.contains("QUEUE_CONCURRENCY"))
        #expect(out.stdout.isEmpty)
    }
}
