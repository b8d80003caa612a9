import Foundation
import RPC
import Testing

/// MCP at the extremes, behind the host (issue "Faults"): a 20 MB answer, a
/// 50 MB stderr flood, a server that hangs and one that exits mid-call each
/// end in a clean tool error (or a result) within the call's timeout; a long
/// result reaches the model capped; the host's log and memory stay bounded,
/// `system/health` keeps answering, and the crashed server comes back.
@Suite(.serialized, .enabled(if: MCPFixtures.runs, "needs .venv with the MCP servers (scripts/test-venv)"))
struct MCPExtremesHostTests {
    /// The host's resident memory, and its peak, in bytes (`/proc/<pid>/status`).
    static func memory(_ pid: Int32) -> (rss: Int, peak: Int)? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        guard let rss = field("VmRSS"), let peak = field("VmHWM") else { return nil }
        return (rss, peak)
    }

    @Test func aHugeAnswerAFloodAHangAndACrashEndCleanlyWithBoundedLogsAndMemory() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let name = "oi-test-\(UUID().uuidString)"
            let timeoutMs = 30_000  // the 50 MB stderr flood must end within it even on a loaded machine
            let path = try MCPFixtures.config(["t": MCPFixtures.testServer(name: name, timeoutMs: timeoutMs)])
            // Info, so every stderr line the budget lets through is written.
            let host = try HostProcess(arguments: ["--config", path], environment: storage.environment.merging(["OI_LOG_LEVEL": "info"]) { _, b in b })
            let stderr = LineCapture(host.stderr)
            _ = await host.initialize()
            let first = try await host.waitForServers { $0["t"]?["state"] == "ready" }
            let oldPID = first["t"]?["pid"]?.intValue
            let logBefore = stderr.bytes

            let script = Script.turns([
                Script.tools([("t__big", ["size": 20_000_000]), ("t__flood_stderr_bytes", ["megabytes": 50]),
                              ("t__big", ["size": 1_000_000]), ("t__hang", [:])]),
                Script.tools([("t__crash", ["code": 9])]),
                Script.text("survived"),
            ])
            let run = try await host.createRun("extremes", script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            // Health answers all along, and memory is sampled while the run goes on.
            var peakRSS = 0
            let deadline = ContinuousClock.now + .seconds(180)
            while true {
                let asked = ContinuousClock.now
                #expect(try await host.result("system/health")["status"] == "ok")
                #expect(ContinuousClock.now - asked < .seconds(10), "system/health answers promptly")
                peakRSS = max(peakRSS, Self.memory(host.process.processIdentifier)?.rss ?? 0)
                let status = try await host.result("runs/get", ["run_id": .string(runID)])["status"]?.stringValue ?? ""
                if ["completed", "failed", "cancelled"].contains(status) || ContinuousClock.now > deadline { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            let done = try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(10))
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["output"] == "survived")

            let results = try await host.allEvents(runID).filter { $0["type"] == "tool.result" }.compactMap { $0["payload"] }
            try #require(results.count == 5)
            let (huge, flood, long, hang, crash) = (results[0], results[1], results[2], results[3], results[4])
            #expect(huge["is_error"] == true)
            let hugeError = huge["result"]?["error"]?.stringValue ?? ""
            #expect(hugeError.hasPrefix("MCP server 't': tools/call big: answer of 200000"), "\(hugeError)")
            #expect(hugeError.hasSuffix("bytes exceeds the limit of 16777216 bytes (mcp.maxLineBytes)"), "\(hugeError)")
            #expect(flood["is_error"] == false)
            #expect(flood["result"]?["content"]?[0]?["text"] == "wrote 50 MB")
            // Under the line limit, over tools.maxResultBytes: the model gets the start.
            #expect(long["is_error"] == false)
            #expect(long["result"]?["truncated"] == true)
            #expect(long["result"]?["max_bytes"] == 262_144)
            #expect((long["result"]?["original_bytes"]?.intValue ?? 0) > 1_000_000)
            #expect(long["result"]?["content"]?[0]?["text"]?.stringValue?.hasSuffix("…[truncated from 1000000 bytes]") == true)
            #expect(JSONWriter.encode(long["result"] ?? .null).count <= 262_144)
            #expect(hang["result"]?["error"] == .string("MCP server 't': tools/call hang timed out after \(timeoutMs) ms"))
            #expect(crash["result"]?["error"]?.stringValue?.contains("exited with status 9") == true, "\(crash)")
            for result in [huge, flood, long, crash] {
                #expect((result["duration_ms"]?.intValue ?? .max) < Int64(timeoutMs), "within the call's timeout: \(result)")
            }

            let after = try await host.waitForServers { $0["t"]?["state"] == "ready" && ($0["t"]?["restarts"]?.intValue ?? 0) >= 1 }
            #expect(after["t"]?["pid"]?.intValue != oldPID, "restarted after the crash")
            let logged = stderr.bytes - logBefore
            #expect(logged < 1_000_000, "\(logged) bytes of host log for a 50 MB flood")
            #expect(stderr.all.contains { $0.contains("server t: dropped ") })
            let memory = try #require(Self.memory(host.process.processIdentifier))
            // About 60 MiB here (a debug build); a 20 MB answer is never held whole.
            #expect(max(peakRSS, memory.rss) < 200 << 20, "resident \(max(peakRSS, memory.rss) >> 20) MiB")
            #expect(memory.peak < 200 << 20, "peak \(memory.peak >> 20) MiB")
            #expect(try await host.result("system/health")["status"] == "ok")
            host.closeStdin()
            #expect(await host.waitExit(timeout: .seconds(30)) == 0)
            #expect(ProcessTable.pids(commandLineContaining: name).isEmpty)
            #expect(host.violations.isEmpty)
        }
    }
}
