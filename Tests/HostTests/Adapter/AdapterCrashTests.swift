import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The adapter outlives its host: `kill -9` of the `oi-host` child mid-request
/// answers 503, the host is restarted, the next request succeeds, and no run
/// is lost — one running at the kill resumes and completes.
@Suite struct AdapterCrashTests {
    static let ann: RESTScope = ("acme", "ann", nil)

    @Test(arguments: TestBackend.all)
    func killingTheHostMidRequestIs503ThenARestartWithNoRunLost(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let done = try await adapter.send("POST", "/api/runs", json: ["input": "before"], scope: Self.ann)
            let doneID = try #require(done.json["run_id"]?.stringValue)
            try await adapter.waitForRun(doneID, ["completed"], scope: Self.ann)
            let slow = try await adapter.send("POST", "/api/runs", json: [
                "input": "across", "agent": ["script": Script.turns([Script.tools([("file_list", ["path": "."])], delayMs: 300), Script.text("survived", delayMs: 1500)])],
            ], scope: Self.ann)
            let slowID = try #require(slow.json["run_id"]?.stringValue)
            try await adapter.waitForRun(slowID, ["running"], scope: Self.ann)

            // Frozen, the host holds the request; killed, it never answers it.
            let pid = try await adapter.hostPID()
            // Killed only once the request waits unread in the stopped host's stdin (else the
            // next host answers it); a request that never gets there is let through and sent again.
            var answer: AdapterProcess.Reply?
            for _ in 0..<3 where answer?.status != 503 {
                kill(pid, SIGSTOP)
                try await Self.waitUntilStopped(pid)
                async let pending = adapter.send("GET", "/api/runs/\(doneID)", scope: Self.ann)
                if try await Self.waitForUnreadInput(of: pid) {
                    kill(pid, SIGKILL)
                } else {
                    kill(pid, SIGCONT)
                }
                answer = try await pending
            }
            #expect(answer?.status == 503 && answer?.errorCode == "HOST_UNAVAILABLE", "\(String(describing: answer?.status)) \(answer?.text ?? "")")

            try await adapter.waitHealthy()
            #expect(try await adapter.hostPID() != pid, "a new host")
            let again = try await adapter.send("GET", "/api/runs/\(doneID)", scope: Self.ann)
            #expect(again.status == 200 && again.json["status"] == "completed")
            let resumed = try await adapter.waitForRun(slowID, ["completed", "failed"], scope: Self.ann, timeout: .seconds(90))
            #expect(resumed["status"] == "completed" && resumed["output"] == "survived", "\(resumed)")
            let after = try await adapter.send("POST", "/api/runs", json: ["input": "after"], scope: Self.ann)
            #expect(after.status == 201)
            let listed = try await adapter.send("GET", "/api/runs?limit=10", scope: Self.ann)
            #expect(listed.json["runs"]?.arrayValue?.count == 3)
        }
    }

    @Test func anOpenStreamEndsWhenTheHostDiesAndResumesAfterTheRestart() async throws {
        try await withStorage(.sqlite) { storage in
            let adapter = try await AdapterProcess.start(storage)
            let script = Script.turns((0..<6).map { _ in Script.tools([("file_list", ["path": "."])], delayMs: 400) } + [Script.text("end")])
            let created = try await adapter.send("POST", "/api/runs", json: ["input": "long", "agent": ["doom_loop_threshold": 0, "script": script]], scope: Self.ann)
            let runID = try #require(created.json["run_id"]?.stringValue)
            let headers = ["x-org-id": "acme", "x-user-id": "ann"]
            let pid = try await adapter.hostPID()
            let port = adapter.port
            let first = try await RawSSEClient.run(port: port, path: "/api/runs/\(runID)/stream", headers: headers) { client in
                var events = try client.events { ($0.seq ?? 0) >= 3 }
                kill(pid, SIGKILL)
                events += try client.events()
                return (AdapterStreamTests.seqs(events), client.streamEnded)
            }
            #expect(first.1, "the stream ended with its host")
            let last = try #require(first.0.last)
            try await adapter.waitHealthy()
            let rest = try await RawSSEClient.run(port: port, path: "/api/runs/\(runID)/stream", headers: headers.merging(["Last-Event-ID": "\(last)"]) { a, _ in a }) {
                AdapterStreamTests.seqs(try $0.events())
            }
            let total = try await adapter.waitForRun(runID, ["completed"], scope: Self.ann, timeout: .seconds(90))["event_count"]?.intValue ?? 0
            #expect(first.0 + rest == Array(1...total), "\(first.0) + \(rest)")
        }
    }

    /// Whether the (stopped) process `pid` gets unread bytes in its stdin pipe within `timeout`.
    static func waitForUnreadInput(of pid: Int32, timeout: Duration = .seconds(10)) async throws -> Bool {
        let fd = open("/proc/\(pid)/fd/0", O_RDONLY | O_NONBLOCK)
        guard fd >= 0 else { throw POSIXError(.ENOENT) }
        defer { close(fd) }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var unread: Int32 = 0
            if ioctl(fd, UInt(FIONREAD), &unread) == 0, unread > 0 { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Waits until `pid` is stopped (state T in /proc/<pid>/stat), so that none of its threads reads any more.
    static func waitUntilStopped(_ pid: Int32) async throws {
        for _ in 0..<500 {
            let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
            if let close = stat.lastIndex(of: ")"), stat[stat.index(close, offsetBy: 2)...].hasPrefix("T") { return }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
