import Foundation
import RPC
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// kill -9 during group runs, many times: each resumes (members done are
/// not re-run, an interrupted member resumes from its checkpoint) and ends
/// with exactly one decision.
@Suite struct TeamCrashTests {
    static let steps = 24

    static func memberScript(_ name: String) -> JSONValue {
        var turns: [JSONValue] = []
        for t in 1...steps {
            let args: JSONValue = ["path": .string("\(name).log"), "content": .string("\(name) \(t)\n"), "append": true]
            turns.append(Script.tools([("file_write", args)], text: "\(name) step \(t)", delayMs: 60 + (t * 17) % 60))
        }
        turns.append(Script.text("\(name) proposes plan \(name.uppercased())"))
        return Script.turns(turns)
    }

    @Test(arguments: TestBackend.all)
    func groupRunsSurviveKillsAndDecideExactlyOnce(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let env = ["QUEUE_CONCURRENCY": "2", "QUEUE_LEASE_MS": "60000"]
            var host = try await HostProcess.started(storage, environment: env)
            let alpha = try await host.createRole("alpha", script: Self.memberScript("alpha"), allowed: ["file_write"], maxSteps: 40)
            let beta = try await host.createRole("beta", script: Self.memberScript("beta"), allowed: ["file_write"], maxSteps: 40)
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([
                Script.tools([("file_list", [:])], text: "reading", delayMs: 60), Script.text("final decision", delayMs: 40),
            ]))
            let group = try await host.createGroup("crashers", roles: [alpha, beta, lead])
            var runs: [JSONValue] = []
            for k in 0..<2 {
                runs.append(try await host.result("groups/runs/create", ["group_id": .string(group), "input": .string("task \(k)"),
                                                                         "session_key": .string("s_team_\(k)")]))
            }
            var generator = SystemRandomNumberGenerator()
            var kills = 0
            // Runs last several seconds (24 steps of 60–120 ms per member); kill
            // until they are done or 12 kills have happened.
            while kills < 12 {
                _ = try await host.result("runs/subscribe", [:])
                guard await host.nextNotification(timeout: .seconds(20)) != nil else { break }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...200, using: &generator)))
                kill(host.process.processIdentifier, SIGKILL)
                kills += 1
                _ = await host.waitExit(timeout: .seconds(10))
                host = try await HostProcess.started(storage, environment: env)
            }
            #expect(kills >= 3)
            var resumed = 0
            for run in runs {
                let id = try #require(run["run_id"]?.stringValue)
                let done = try await host.waitFor(id, ["completed", "failed", "cancelled"], timeout: .seconds(120))
                #expect(done["status"] == "completed", "\(done)")
                #expect(done["output"] == "final decision")
                let events = try await host.allEvents(id)
                #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
                resumed += events.filter { $0["type"] == "run.resumed" }.count
                #expect(events.filter { $0["type"] == "message.decision" }.count == 1)
                #expect(events.filter { $0["type"] == "run.completed" }.count == 1)
                #expect(events.filter { $0["type"] == "run.started" }.count == 1)
                for role in [alpha, beta, lead] {
                    let mine = events.filter { $0["role_id"] == .string(role) }
                    #expect(mine.filter { $0["type"] == "message.task" }.count == 1, "\(role)")
                    #expect(mine.filter { $0["type"] == "message.status" && $0["payload"]?["state"] == "done" }.count == 1, "\(role)")
                }
                #expect(events.filter { $0["type"] == "message.proposal" }.map { $0["payload"]?["plan"] } == ["alpha proposes plan ALPHA", "beta proposes plan BETA"])
                for child in run["children"]?.arrayValue ?? [] {
                    let childID = try #require(child["run_id"]?.stringValue)
                    let childEvents = try await host.allEvents(childID)
                    resumed += childEvents.filter { $0["type"] == "run.resumed" }.count
                    #expect(childEvents.filter { $0["type"] == "run.completed" }.count == 1, "\(childID)")
                    let calls = childEvents.filter { $0["type"] == "tool.result" }.compactMap { $0["payload"]?["call_id"]?.stringValue }
                    #expect(calls.count == Set(calls).count, "\(childID): \(calls)")
                }
                let board = try await host.result("blackboard/list", ["group_id": .string(group), "run_id": .string(id)])["entries"]?.arrayValue ?? []
                #expect(board.compactMap { $0["type"]?.stringValue }.sorted() == ["decision", "evidence", "evidence", "proposal", "proposal"])
            }
            #expect(resumed >= 2, "only \(resumed) resumes")
        }
    }
}
