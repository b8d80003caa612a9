import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 at random points, many times: every run still completes exactly
/// once, `seq` stays dense, and no side-effecting tool call runs twice — one
/// caught by a kill is reported `tool.interrupted`, never run again.
@Suite struct CrashRecoveryTests {
    static let runs = 8
    static let turns = 40

    /// Each turn appends `R<k> <call id>` to a shared log, after a pause.
    static func script(_ k: Int) -> JSONValue {
        Script.turns((1...turns).map { t in
            Script.tools([("file_write", ["path": "log.txt", "content": .string("R\(k) call_\(t)_1\n"), "append": true])],
                         text: "run \(k) turn \(t)", delayMs: 40 + (k * 7 + t * 13) % 60)
        } + [Script.text("run \(k) done")])
    }

    /// How many of `ids` have not ended yet.
    static func unfinished(_ ids: [String], on host: HostProcess) async throws -> Int {
        var count = 0
        for id in ids where !["completed", "failed", "cancelled"].contains(try await host.result("runs/get", ["run_id": .string(id)])["status"]?.stringValue ?? "") {
            count += 1
        }
        return count
    }

    @Test(arguments: TestBackend.all)
    func runsSurviveTwentyKillsAndCompleteExactlyOnce(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = ["QUEUE_CONCURRENCY": "2", "QUEUE_LEASE_MS": "60000"]
            var host = try await HostProcess.started(storage, environment: env)
            var ids: [String] = []
            var generator = SystemRandomNumberGenerator()
            var kills = 0
            while kills < 22 {
                // A machine fast or slow enough to finish every run before the
                // twentieth kill gets another batch to interrupt.
                if try await Self.unfinished(ids, on: host) == 0 {
                    for k in ids.count..<(ids.count + Self.runs) {
                        let run = try await host.createRun("crash test \(k)", script: Self.script(k),
                                                           extra: ["session_key": .string("s_\(k)"), "agent": ["max_steps": 60]])
                        ids.append(try #require(run["run_id"]?.stringValue))
                    }
                }
                // Kill only once this process is visibly working, at a random moment after.
                _ = try await host.result("runs/subscribe", [:])
                guard await host.nextNotification(timeout: .seconds(20)) != nil else { break }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...150, using: &generator)))
                kill(host.process.processIdentifier, SIGKILL)
                kills += 1
                _ = await host.waitExit(timeout: .seconds(10))
                host = try await HostProcess.started(storage, environment: env)
            }
            #expect(kills >= 20)
            for id in ids { try await host.waitFor(id, ["completed", "failed", "cancelled"], timeout: .seconds(120)) }

            let log = try String(contentsOfFile: storage.dataDir + "/workspace/org_default/user_default/.none/log.txt", encoding: .utf8)
            var lastOffset: [String: Int] = [:]
            var offset = 0
            for line in log.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                lastOffset[String(line)] = offset
                offset += line.utf8.count + 1
            }
            var resumed = 0
            for (k, id) in ids.enumerated() {
                let run = try await host.result("runs/get", ["run_id": .string(id)])
                #expect(run["status"] == "completed", "\(id): \(run)")
                #expect(run["output"] == .string("run \(k) done"))
                let events = try await host.allEvents(id)
                resumed += events.filter { $0["type"] == "run.resumed" }.count
                #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
                #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
                #expect(events.filter { $0["type"] == "run.started" }.count == 1)
                let results = events.filter { $0["type"] == "tool.result" }
                let callIDs = results.compactMap { $0["payload"]?["call_id"]?.stringValue }
                #expect(callIDs.count == Self.turns && Set(callIDs).count == Self.turns, "\(id): \(callIDs)")
                let interrupted = Set(events.filter { $0["type"] == "tool.interrupted" }.compactMap { $0["payload"]?["call_id"]?.stringValue })
                for result in results {
                    let call = result["payload"]?["call_id"]?.stringValue ?? "?"
                    // file_write changes the workspace: it ran at most once.
                    let lines = log.split(separator: "\n").enumerated().filter { $0.element == "R\(k) \(call)" }.map(\.offset)
                    #expect(lines.count <= 1, "\(id) \(call) ran \(lines.count) times")
                    if interrupted.contains(call) {
                        #expect(result["payload"]?["is_error"] == true)
                        #expect(result["payload"]?["result"]?["error"]?.stringValue?.contains("interrupted by a restart") == true)
                    } else {
                        // Its recorded outcome is the one execution in the log.
                        let recorded = result["payload"]?["result"]?["offset"]?.intValue.map(Int.init)
                        #expect(recorded != nil && recorded == lastOffset["R\(k) \(call)"], "\(id) \(call): \(result)")
                    }
                }
            }
            // The kills really landed inside runs.
            #expect(resumed >= 5, "only \(resumed) resumes")
        }
    }
}
