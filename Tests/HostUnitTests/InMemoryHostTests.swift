import JSON
import Testing
import TestSupport
@testable import Runtime

/// The host's real method table on pipes inside the test process: a whole
/// session, from `initialize` to the last `runs/event` of a run.
@Suite struct InMemoryHostTests {
    @Test(arguments: Backend.all)
    func aClientCreatesARunAndFollowsItsEventsToTheEnd(_ backend: Backend) async throws {
        try await withInMemoryHost(backend) { client in
            let hello = await client.initialize(scope: ["org_id": "org_mem", "user_id": "user_mem"])
            #expect(hello?["result"]?["scope"]?["org_id"] == "org_mem")
            let script = ScriptedProvider.Script.turns(.calls([("file_list", [:])], text: "looking"), .text("all done"))
            let created = try await client.result("runs/create", ["input": "list the files", "agent": ["script": script.json]])
            let runID = try #require(created["run_id"]?.stringValue)
            let subscription = try await client.result("runs/subscribe", ["run_id": .string(runID)])

            var events: [JSONValue] = []
            while events.last?["type"]?.stringValue.map(EventType.terminal.contains) != true {
                guard let note = await client.nextNotification(timeout: .seconds(60)) else {
                    Issue.record("notifications stopped after \(events.compactMap { $0["type"]?.stringValue })")
                    return
                }
                #expect(note["method"] == "runs/event")
                #expect(note["params"]?["subscription_id"] == subscription["subscription_id"])
                events.append(note["params"]?["event"] ?? .null)
            }
            #expect(events.compactMap { $0["seq"]?.intValue } == Array(1...Int64(events.count)))
            #expect(events.last?["type"] == "run.completed")
            #expect(events.contains { $0["type"] == "tool.result" })
            #expect(events.allSatisfy { $0["run_id"] == .string(runID) && $0["scope"]?["org_id"] == "org_mem" })

            let run = try await client.result("runs/get", ["run_id": .string(runID)])
            #expect(run["status"] == "completed")
            #expect(run["output"] == "all done")
            #expect(run["event_count"]?.intValue == Int64(events.count))
            // The connection's scope is the run's: another tenant does not find it.
            let foreign = await client.call("runs/get", ["run_id": .string(runID), "scope": ["org_id": "org_other", "user_id": "user_mem"]])
            #expect(foreign?["error"]?["code"] != nil)
            #expect(client.violations.isEmpty)
        }
    }

    @Test func aRequestBeforeInitializeIsRefused() async throws {
        try await withInMemoryHost(.sqlite) { client in
            let early = await client.call("runs/list", [:])
            #expect(early?["error"]?["code"] == -32002)
            #expect(await client.initialize()?["result"] != nil)
            let listed = try await client.result("runs/list", [:])
            #expect(listed["runs"] == [])
        }
    }
}
