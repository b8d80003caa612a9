import Foundation
import RPC
import Testing

/// `oi-host ingest pdf FILE --wait` and `oi-host connectors sync ID --wait`
/// as a user runs them (not on a terminal: one plain line per event).
@Suite struct IngestCLITests {
    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "oi-ingest-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func ingestingAPDFPrintsItsProgressAndStoresIt() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PDFMaker.make(["Tardigrades survive the vacuum of space"], at: dir + "/tardigrades.pdf")
        let env = ["DATA_DIR": dir + "/data"]
        let out = try await CLIProcess.run(["ingest", "pdf", "tardigrades.pdf", "--wait"], env: env, in: dir)
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        let lines = out.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("MinerU is not configured") }, "\(out.stdout)")
        #expect(lines.last?.contains("1/1 job.completed") == true, "\(out.stdout)")
        #expect(!out.stdout.contains("\u{1B}["), "no terminal codes when stdout is not a terminal")

        let queued = try await CLIProcess.run(["ingest", "pdf", "missing.pdf"], env: env, in: dir)
        #expect(queued.status != 0 && queued.stderr.contains("cannot read missing.pdf"))
    }

    @Test func syncingAConnectorPrintsItsProgress() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fake = try FakeFeishu()
        defer { fake.stop() }
        var env = fake.environment()
        env["DATA_DIR"] = dir + "/data"
        env["AGENT_PROJECT_ID"] = "p1"
        // The connector is made over the pipe, then synced from the command line.
        let host = try HostProcess(environment: env, directory: dir)
        _ = await host.initialize()
        let connector = try await host.result("connectors/feishu/create", ["name": "Team", "config": ["wiki_node_tokens": ["wikcnRoot"]]])
        host.closeStdin()
        _ = await host.waitExit()
        let id = try #require(connector["id"]?.stringValue)
        let out = try await CLIProcess.run(["connectors", "sync", id, "--wait"], env: env, in: dir)
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("discovered 3 docx documents") && out.stdout.split(separator: "\n").last?.contains("3/3 job.completed") == true,
                "\(out.stdout)")
        #expect(!out.stdout.contains(fake.appSecret) && !out.stderr.contains(fake.appSecret))
    }

    @Test func doctorChecksFeishuAndMinerUWithoutPrintingTheirSecrets() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fake = try FakeFeishu()
        defer { fake.stop() }
        var env = fake.environment()
        env["DATA_DIR"] = dir + "/data"
        env["MINERU_ENABLED"] = "true"
        env["MINERU_BASE_URL"] = fake.server.baseURL + "/api/v4"
        let out = try await CLIProcess.run(["doctor", "--json"], env: env, in: dir)
        let checks = try JSONParser.parse(out.stdout)["checks"]?.arrayValue ?? []
        let feishu = checks.filter { $0["name"] == "feishu" }
        #expect(feishu.count == 2 && feishu.allSatisfy { $0["status"] == "ok" }, "\(feishu)")
        #expect(checks.contains { $0["name"] == "mineru" && $0["status"] == "warn" && $0["detail"]?.stringValue?.contains("mineru.apiKey is not set") == true })
        #expect(checks.contains { $0["name"] == "mineru" && $0["detail"]?.stringValue?.hasSuffix("answers") == true })
        #expect(checks.contains { $0["name"] == "pdftotext" && $0["status"] == "ok" })
        #expect(!out.stdout.contains(fake.appSecret) && !out.stderr.contains(fake.appSecret))
    }

    @Test func onATerminalTheProgressIsABarRedrawnInPlace() async throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try PDFMaker.make(["Okapis browse the Ituri forest"], at: dir + "/okapi.pdf")
        // script(1) (bsdutils, Essential in Debian) gives the command a pseudo-terminal.
        let command = "'\(HostProcess.binary)' ingest pdf okapi.pdf --wait"
        let out = try await CLIProcess.runExecutable("/usr/bin/script", ["-qec", command, "/dev/null"], env: ["DATA_DIR": dir + "/data"], in: dir)
        #expect(out.status == 0, "\(out.stdout)\n\(out.stderr)")
        #expect(out.stdout.contains("\r\u{1B}[2K[") && out.stdout.contains("[##############################] 1/1 job.completed"), "\(out.stdout)")
    }
}
