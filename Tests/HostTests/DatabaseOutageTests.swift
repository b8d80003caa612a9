import Foundation
import RPC
import Testing

/// PostgreSQL restarted and stopped under running work, and reads that fail
/// for a while: runs finish once, subscriptions deliver every event once or
/// say where they stopped, health tells the truth.
@Suite struct DatabaseOutageTests {
    /// A run of `turns` steps, each waiting `delayMs` in the (scripted) model.
    static func slowScript(_ turns: Int, delayMs: Int, tag: String) -> JSONValue {
        Script.turns((1...turns).map { t in Script.text("", delayMs: delayMs).merging(["tool_calls": [["name": "memory_search", "arguments": ["query": .string("\(tag) \(t)")]]]]) }
                     + [Script.text("\(tag) done")])
    }

    /// Collects `runs/event` notifications until every run in `runs` ended; the seqs per run, in arrival order.
    static func collect(_ host: HostProcess, until runs: Set<String>, timeout: Duration = .seconds(90)) async -> [String: [Int64]] {
        var seqs: [String: [Int64]] = [:]
        var ended: Set<String> = []
        let deadline = ContinuousClock.now + timeout
        while ended != runs, ContinuousClock.now < deadline {
            guard let note = await host.nextNotification(timeout: .seconds(5)) else { continue }
            guard note["method"] == "runs/event", let event = note["params"]?["event"], let run = event["run_id"]?.stringValue,
                  let seq = event["seq"]?.intValue else { continue }
            seqs[run, default: []].append(seq)
            if ["run.completed", "run.failed", "run.cancelled"].contains(event["type"]?.stringValue ?? "") { ended.insert(run) }
        }
        return seqs
    }

    static func waitForHealth(_ host: HostProcess, timeout: Duration = .seconds(20), _ check: (JSONValue) -> Bool) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        while true {
            let health = try await host.result("system/health", [:])
            if check(health) { return health }
            if ContinuousClock.now > deadline { throw HostCallError(method: "system/health", reply: health) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Four workers share the runs, each subscribed to the whole scope.
    @Test(.enabled(if: PrivatePostgres.available))
    func aRestartAndAStopOfPostgreSQLCostSecondsAndLoseNothing() async throws {
        let pg = try await PrivatePostgres.start()
        do {
            let dirs = (0..<4).map { _ in NSTemporaryDirectory() + "oi-outage-\(UUID().uuidString)" }
            let env = ["DATABASE_URL": pg.url, "QUEUE_CONCURRENCY": "2"]
            let hosts = try dirs.map { try HostProcess(environment: env.merging(["DATA_DIR": $0]) { _, b in b }) }
            let (a, b, c, d) = (hosts[0], hosts[1], hosts[2], hosts[3])
            for host in hosts {
                await host.initialize()
                _ = try await host.result("runs/subscribe", [:])
            }
            var runIDs: [String] = []
            for i in 0..<8 {
                let host = hosts[i % hosts.count]
                let run = try await host.createRun("outage \(i)", script: Self.slowScript(24, delayMs: 150, tag: "r\(i)"),
                                                   extra: ["session_key": .string("s_\(i)"), "agent": ["max_steps": 30]])
                runIDs.append(try #require(run["run_id"]?.stringValue))
            }
            async let seenByA = Self.collect(a, until: Set(runIDs))
            async let seenByB = Self.collect(b, until: Set(runIDs))
            async let seenByC = Self.collect(c, until: Set(runIDs))
            async let seenByD = Self.collect(d, until: Set(runIDs))
            try await Task.sleep(for: .milliseconds(500))
            try await pg.restart()
            try await Task.sleep(for: .milliseconds(800))
            try await pg.pause()
            let down = try await Self.waitForHealth(a) { $0["storage"]?["state"] == "unavailable" }
            #expect(down["status"] == "degraded")
            #expect(down["storage"]?["error"]?.stringValue?.isEmpty == false)
            #expect(down["storage"]?["since"]?.stringValue != nil)
            #expect(down["queue"]?["pending"] == .null)
            try await Task.sleep(for: .seconds(2))
            try await pg.resume()
            let up = try await Self.waitForHealth(a) { $0["storage"]?["state"] == "ready" }
            #expect(up["status"] == "ok")
            let seen = await [seenByA, seenByB, seenByC, seenByD]
            var workers: Set<String> = []
            for runID in runIDs {
                let run = try await a.waitFor(runID, ["completed", "failed", "cancelled"], timeout: .seconds(60))
                #expect(run["status"] == "completed", "\(run)")
                let events = try await a.allEvents(runID)
                let seqs = events.compactMap { $0["seq"]?.intValue }
                #expect(seqs == Array(1...Int64(seqs.count)))
                #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
                #expect(!events.contains { $0["type"] == "run.failed" })
                // Every subscriber, on every host, got every event once and in order.
                for (i, fromHost) in seen.enumerated() {
                    #expect(fromHost[runID] == seqs, "host \(i): \(fromHost[runID] ?? []) vs \(seqs.count)")
                }
                for event in events where event["type"] == "run.started" || event["type"] == "run.resumed" {
                    workers.insert(event["payload"]?["worker"]?.stringValue ?? "")
                }
            }
            #expect(workers.count >= 3, "the runs were spread over the workers: \(workers)")
            for dir in dirs { try? FileManager.default.removeItem(atPath: dir) }
        } catch {
            await pg.stop()
            throw error
        }
        await pg.stop()
    }

    @Test(arguments: TestBackend.postgresOnly)
    func aSubscriptionWhoseReadsFailDeliversEverythingOrSaysWhereItStopped(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            // Patient: reads refused for two seconds, then allowed again.
            let host = try await HostProcess.started(storage)
            let run = try await host.createRun("slow", script: Self.slowScript(8, delayMs: 150, tag: "patient"))
            let runID = try #require(run["run_id"]?.stringValue)
            try await storage.superuser("REVOKE SELECT ON events FROM oi_runtime")
            _ = try await host.result("runs/subscribe", ["run_id": .string(runID), "after_seq": 0])
            try await Task.sleep(for: .seconds(2))
            try await storage.superuser("GRANT SELECT ON events TO oi_runtime")
            let delivered = await Self.collect(host, until: [runID])
            let stored = try await host.allEvents(runID).compactMap { $0["seq"]?.intValue }
            #expect(delivered[runID] == stored)
            #expect(stored.count > 10)

            // Impatient: the subscription ends and says so; resubscribing from there gets the rest.
            let impatient = try await HostProcess.started(storage, environment: ["OI_SUBSCRIPTION_RETRY_MS": "1000"])
            let second = try await impatient.createRun("slow again", script: Self.slowScript(6, delayMs: 150, tag: "impatient"))
            let secondID = try #require(second["run_id"]?.stringValue)
            try await storage.superuser("REVOKE SELECT ON events FROM oi_runtime")
            let sub = try await impatient.result("runs/subscribe", ["run_id": .string(secondID), "after_seq": 0])
            var ended: JSONValue?
            while ended == nil, let note = await impatient.nextNotification(timeout: .seconds(20)) {
                if note["method"] == "runs/subscription_ended" { ended = note["params"] }
            }
            try await storage.superuser("GRANT SELECT ON events TO oi_runtime")
            let notice = try #require(ended, "the client is told the subscription ended")
            #expect(notice["subscription_id"] == sub["subscription_id"])
            #expect(notice["reason"]?.stringValue?.isEmpty == false)
            let lastSeq = try #require(notice["last_seq"]?.intValue)
            _ = try await impatient.result("runs/subscribe", ["run_id": .string(secondID), "after_seq": .int(lastSeq)])
            let rest = await Self.collect(impatient, until: [secondID])
            let all = try await impatient.allEvents(secondID).compactMap { $0["seq"]?.intValue }
            #expect(rest[secondID] == Array(all.drop { $0 <= lastSeq }))
        }
    }
}

extension JSONValue {
    /// This object with `more`'s members added (tests build scripts with it).
    func merging(_ more: JSONValue) -> JSONValue {
        guard case .object(var o) = self, case .object(let m) = more else { return self }
        for (k, v) in m { o[k] = v }
        return .object(o)
    }
}
