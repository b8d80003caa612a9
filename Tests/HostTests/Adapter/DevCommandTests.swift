import Foundation
import RPC
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `oi-host dev` starts the adapter with its host, prints the URL, and stops
/// both on SIGTERM; `oi-host tokens` prints a token once and only its record after.
@Suite struct DevCommandTests {
    @Test func devPrintsTheURLServesAndStopsOnSIGTERM() async throws {
        try await withStorage(.sqlite) { storage in
            var env = ProcessInfo.processInfo.environment
            for key in CLIProcess.unset { env[key] = nil }
            env["OI_CONFIG"] = "/nonexistent/agent.config.json"
            env["PORT"] = "1"   // the flag wins over the environment
            let out = ExclusivePipe(), err = ExclusivePipe()
            let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
            defer { close(null) }
            let child: SpawnedChild
            do {
                defer { out.closeChildEnd(); err.closeChildEnd() }
                child = try SpawnedChild(HostProcess.binary, arguments: ["dev", "-p", "0", "--data-dir", storage.dataDir, "--log-level", "warning"],
                                         environment: env, stdin: null, stdout: out.childEnd.fileDescriptor, stderr: err.childEnd.fileDescriptor)
            }
            let stdout = LogLines(), stderr = LogLines()
            for (pipe, lines) in [(out, stdout), (err, stderr)] {
                FileDescriptorReader.spawn(fd: fcntl(pipe.fileHandleForReading.fileDescriptor, F_DUPFD_CLOEXEC, 0), maxLineBytes: 1 << 20,
                                           closeWhenDone: true, onEvent: { event in
                                               if case .line(let bytes) = event { lines.append(String(decoding: bytes, as: UTF8.self)) }
                                               return true
                                           }, onEnd: {})
            }
            let deadline = ContinuousClock.now + .seconds(60)
            var url: String?
            while url == nil && ContinuousClock.now < deadline && child.isRunning {
                if let range = stdout.text.range(of: "running at ") {
                    url = stdout.text[range.upperBound...].split(separator: " ").first.map(String.init)
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let base = try #require(url, "no URL printed; stderr:\n\(stderr.text)")
            #expect(base.hasPrefix("http://127.0.0.1:") && !base.hasSuffix(":1"))
            let adapter = try await AdapterProcess.attach(url: base)
            let health = try await adapter.send("GET", "/health")
            #expect(health.status == 200 && health.json["status"] == "ok")
            child.terminate()
            #expect(await child.exit(within: .seconds(20)) == 0, "stderr:\n\(stderr.text)")
            let after = try? await adapter.send("GET", "/health")
            #expect(after == nil || after?.status != 200, "the adapter stopped with dev")
        }
    }

    @Test func aTokenIsPrintedOnceAndListedWithoutItsSecret() async throws {
        try await withStorage(.sqlite) { storage in
            let made = try await CLIProcess.run(["tokens", "create", "--org", "acme", "--user", "ann", "--name", "ci", "--json"], env: storage.environment)
            #expect(made.status == 0, "\(made.stderr)")
            let record = try JSONParser.parse(made.stdout)
            let token = try #require(record["token"]?.stringValue)
            #expect(record["org_id"] == "acme" && record["name"] == "ci" && record["revoked_at"] == .null)
            let table = try await CLIProcess.run(["tokens", "list"], env: storage.environment)
            #expect(table.stdout.contains("acme") && table.stdout.contains("active") && !table.stdout.contains(token))
            let bad = try await CLIProcess.run(["tokens", "create", "--org", "../x", "--user", "ann"], env: storage.environment)
            #expect(bad.status != 0 && bad.stdout.isEmpty)
            let missing = try await CLIProcess.run(["tokens", "revoke", "tok_nope"], env: storage.environment)
            #expect(missing.status != 0 && missing.stderr.contains("no token tok_nope"))
        }
    }
}
