import Foundation
import RPC
import Testing

/// Token usage and cost over the pipe: priced per call from `pricing`,
/// marked `estimated` where the model reported nothing, summed exactly over
/// a group run's members, added up by `system/usage` and `oi-host usage`,
/// and a run that spends its `max_cost_usd` stops with `stop_reason: budget`.
@Suite struct UsageCostTests {
    /// $2.50 / $10 per million input / output tokens, $1.25 cached: the scripted model priced like a real one.
    static let pricing = #"{"scripted/*": {"input_per_mtok": 2.5, "output_per_mtok": 10, "cached_input_per_mtok": 1.25}}"#

    static func turn(_ text: String, input: Int, output: Int, cached: Int = 0, tools: [(String, JSONValue)] = []) -> JSONValue {
        var o: [String: JSONValue] = ["text": .string(text), "usage": ["input_tokens": .int(Int64(input)), "output_tokens": .int(Int64(output)),
                                                                         "cached_tokens": .int(Int64(cached))]]
        if !tools.isEmpty { o["tool_calls"] = .array(tools.map { ["name": .string($0.0), "arguments": $0.1] }) }
        return .object(o)
    }

    /// Nano-dollars of one call at `pricing`.
    static func nanos(input: Int, output: Int, cached: Int = 0) -> Int64 {
        Int64((input - cached) * 2500 + cached * 1250 + output * 10_000)
    }

    static func dollars(_ value: JSONValue?) -> Double { value?.doubleValue ?? -1 }

    @Test(arguments: TestBackend.all)
    func aGroupRunsUsageAndCostAreTheSumOfItsMembersRuns(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: ["OI_PRICING": Self.pricing])
            let researcher = try await host.createRole("researcher", script: Script.turns([
                Self.turn("looking", input: 1200, output: 40, cached: 200, tools: [("file_list", [:])]),
                Self.turn("Proposal A", input: 1500, output: 90),
            ]))
            // No usage in its script: the scripted model reports an estimate, marked as one.
            let critic = try await host.createRole("critic", script: Script.turns([Script.text("Looks fine to me")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Self.turn(#"{"decision":"A"}"#, input: 2000, output: 30)]))
            let group = try await host.createGroup("pricing", roles: [researcher, critic, lead])
            let created = try await host.result("groups/runs/create", ["group_id": .string(group), "input": "Which one?"])
            let runID = try #require(created["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(60))
            #expect(done["status"] == "completed")
            #expect(try SchemaFiles.failures(of: done, method: "runs/get").isEmpty)

            var members: [JSONValue] = []
            for child in created["children"]?.arrayValue ?? [] { members.append(try await host.result("runs/get", ["run_id": child["run_id"]!])) }
            #expect(members.count == 3)
            let researcherRun = try #require(members.first { $0["role_id"] == .string(researcher) })
            let expected = Self.nanos(input: 1200, output: 40, cached: 200) + Self.nanos(input: 1500, output: 90)
            #expect(abs(Self.dollars(researcherRun["cost_usd"]) - Double(expected) / 1e9) < 1e-12)
            #expect(researcherRun["usage"]?["input_tokens"] == 2700 && researcherRun["usage"]?["cached_tokens"] == 200)
            #expect(researcherRun["usage"]?["estimated"] == false && researcherRun["model"] == "scripted/scripted-default")
            let criticRun = try #require(members.first { $0["role_id"] == .string(critic) })
            #expect(criticRun["usage"]?["estimated"] == true && (criticRun["usage"]?["input_tokens"]?.intValue ?? 0) > 0)
            #expect(Self.dollars(criticRun["cost_usd"]) > 0)

            // The group run: every count and the cost are its members' sums; estimated because one member's was.
            for field in ["input_tokens", "output_tokens", "cached_tokens"] {
                let sum = members.reduce(Int64(0)) { $0 + ($1["usage"]?[field]?.intValue ?? 0) }
                #expect(done["usage"]?[field]?.intValue == sum, "\(field)")
            }
            let memberCost = members.reduce(0.0) { $0 + Self.dollars($1["cost_usd"]) }
            #expect(abs(Self.dollars(done["cost_usd"]) - memberCost) < 1e-12)
            #expect(done["usage"]?["estimated"] == true)
            let events = try await host.events(runID)
            try expectWellFormed(try await host.allEvents(runID))
            let completed = try #require(events.last { $0["type"] == "run.completed" }?["payload"])
            #expect(completed["cost_usd"] == done["cost_usd"] && completed["usage"] == done["usage"])

            // system/usage counts each token once, under the member runs.
            let byGroup = try await host.result("system/usage", ["group_by": "group"])
            #expect(try SchemaFiles.failures(of: byGroup, method: "system/usage").isEmpty)
            let row = try #require(byGroup["rows"]?.arrayValue?.first)
            #expect(byGroup["rows"]?.arrayValue?.count == 1 && row["key"] == .string(group) && row["runs"] == 3)
            #expect(row["input_tokens"] == done["usage"]?["input_tokens"] && row["output_tokens"] == done["usage"]?["output_tokens"])
            #expect(abs(Self.dollars(row["cost_usd"]) - Self.dollars(done["cost_usd"])) < 1e-12 && row["estimated"] == true)
            #expect(byGroup["total"]?["runs"] == 3 && byGroup["total"]?["cost_usd"] == row["cost_usd"])
            let byRole = try await host.result("system/usage", ["group_by": "role"])
            #expect(Set(byRole["rows"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []) == [researcher, critic, lead])
            let researcherRow = byRole["rows"]?.arrayValue?.first { $0["key"] == .string(researcher) }
            #expect(researcherRow?["cost_usd"] == researcherRun["cost_usd"] && researcherRow?["estimated"] == false)
            let byDay = try await host.result("system/usage", ["group_by": "day", "from": "2000-01-01"])
            #expect(byDay["rows"]?.arrayValue?.first?["key"]?.stringValue?.count == 10 && byDay["total"]?["runs"] == 3)
            let later = try await host.result("system/usage", ["from": "2999-01-01T00:00:00Z"])
            #expect(later["rows"] == [] && later["total"]?["runs"] == 0 && later["total"]?["cost_usd"]?.doubleValue == 0)

            // The CLI prints the same figures.
            let cli = try await CLIProcess.run(["usage", "--group-by", "role", "--json"], env: storage.environment.merging(["OI_PRICING": Self.pricing]) { _, b in b })
            #expect(cli.status == 0, "\(cli.stderr)")
            let printed = try JSONParser.parse(Array(cli.stdout.utf8))
            #expect(printed["total"] == byRole["total"])
            let table = try await CLIProcess.run(["usage", "--group-by", "role"], env: storage.environment)
            #expect(table.stdout.contains(researcher) && table.stdout.contains("total"))
        }
    }

    @Test(arguments: TestBackend.all)
    func aRunStopsWithStopReasonBudgetOnceItsCostReachesMaxCostUsd(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let host = try await HostProcess.started(storage, environment: ["OI_PRICING": Self.pricing])
            // Each step costs 4,000 × $2.50/M = $0.01; the budget is $0.025, spent after the third step.
            let step = Self.turn("working", input: 4000, output: 0, tools: [("file_list", [:])])
            let run = try await host.createRun("spend", script: Script.turns([step], then: "repeat_last"),
                                               extra: ["agent": ["max_cost_usd": 0.025, "max_steps": 10]])
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "failed" && done["stop_reason"] == "budget", "\(done)")
            #expect(done["error"]?["code"] == "budget")
            #expect(abs(Self.dollars(done["cost_usd"]) - 0.03) < 1e-12)
            let events = try await host.events(runID)
            try expectWellFormed(try await host.allEvents(runID))
            #expect(events.filter { $0["type"] == "step.completed" }.count == 3)
            let failed = try #require(events.last?["payload"])
            #expect(events.last?["type"] == "run.failed" && failed["stop_reason"] == "budget" && failed["steps"] == 3)
            #expect(abs(Self.dollars(failed["cost_usd"]) - 0.03) < 1e-12)
            let stepCost = events.first { $0["type"] == "step.completed" }?["payload"]?["cost_usd"]
            #expect(abs(Self.dollars(stepCost) - 0.01) < 1e-12)

            // Without prices nothing costs anything, and the budget never stops a run.
            host.stop()
            _ = await host.waitExit()
            let free = try await HostProcess.started(storage)
            let other = try await free.createRun("free", script: Script.turns([step, Script.text("done")]), extra: ["agent": ["max_cost_usd": 0.000001]])
            let finished = try await free.waitFor(try #require(other["run_id"]?.stringValue), ["completed", "failed"])
            #expect(finished["status"] == "completed" && finished["cost_usd"] == 0)
        }
    }
}
