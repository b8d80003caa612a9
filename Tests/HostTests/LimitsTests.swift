import Foundation
import RPC
import Testing

/// Documented size limits: over-size values are -32011 with `data.path` and
/// `data.limit`; no response line is longer than `rpc.maxLineBytes` — list
/// methods shorten their page and hand out a cursor; every id a method
/// returns is accepted back.
@Suite struct LimitsTests {
    @Test func valuesOverTheirLimitAreRefusedWithPathAndLimit() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage, environment: [
                "OI_MAX_INPUT_BYTES": "100", "OI_MAX_METADATA_BYTES": "50", "OI_MAX_MEMORY_BYTES": "200",
                "OI_MAX_BLACKBOARD_BYTES": "60", "OI_MAX_SKILL_BYTES": "70",
            ])
            let lead = try await host.createRole("lead", lead: true)
            let other = try await host.createRole("other")
            let group = try await host.createGroup("g", roles: [lead, other])
            let long = JSONValue.string(String(repeating: "é", count: 60))  // 120 bytes
            let cases: [(String, JSONValue, String, Int64)] = [
                ("runs/create", ["input": long], "params.input", 100),
                ("runs/create", ["input": "x", "metadata": ["note": long]], "params.metadata", 50),
                ("groups/runs/create", ["group_id": .string(group), "input": long], "params.input", 100),
                ("memory/write", ["tier": "archival", "content": .string(String(repeating: "x", count: 201))], "params.content", 200),
                ("memory/write", ["tier": "archival", "content": "x", "metadata": ["note": long]], "params.metadata", 50),
                ("blackboard/write", ["group_id": .string(group), "type": "note", "content": long], "params.content", 60),
                ("skills/create", ["name": "s", "instructions": long], "params.instructions", 70),
            ]
            for (method, params, path, limit) in cases {
                let reply = try #require(await host.call(method, params))
                #expect(reply["error"]?["code"] == .int(-32011), "\(method): \(reply)")
                #expect(reply["error"]?["data"]?["path"]?.stringValue == path, "\(method): \(reply)")
                #expect(reply["error"]?["data"]?["limit"] == .int(limit), "\(method): \(reply)")
            }
            // At the limit is fine; nothing over it was stored.
            _ = try await host.result("runs/create", ["input": .string(String(repeating: "a", count: 100))])
            #expect(try await host.result("runs/list", [:])["runs"]?.arrayValue?.count == 1)
            #expect(try await host.result("memory/list", ["tier": "archival"])["memories"] == [])
        }
    }

    @Test func listsShortenTheirPageToFitOneLineAndPageOnByCursor() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage, environment: ["OI_MAX_LINE_BYTES": "20000"])
            // Twelve memories of ~3 kB each: a page of 20 cannot fit in 20 kB.
            var written: Set<String> = []
            for i in 0..<12 {
                let memory = try await host.result("memory/write", ["tier": "archival", "content": .string("memory \(i) " + String(repeating: "word ", count: 600))])
                written.insert(try #require(memory["id"]?.stringValue))
            }
            var listed: Set<String> = []
            var cursor: JSONValue = .null
            var pages = 0
            repeat {
                var params: [String: JSONValue] = ["limit": 20]
                if cursor != .null { params["cursor"] = cursor }
                let reply = try #require(await host.call("memory/list", .object(params)))
                #expect(reply.description.utf8.count <= 20_000)
                let page = try #require(reply["result"], "\(reply.description.prefix(300))")
                let ids = page["memories"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                #expect(!ids.isEmpty && ids.count < 12)
                listed.formUnion(ids)
                cursor = page["next_cursor"] ?? .null
                pages += 1
            } while cursor != .null && pages < 20
            #expect(listed == written)
            #expect(pages > 1)
            // The same for a run's events: a run with big tool results, paged to the end.
            let folder = storage.dataDir + "/workspace/org_default/user_default/.none"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try String(repeating: "line of text\n", count: 400).write(toFile: folder + "/big.txt", atomically: true, encoding: .utf8)
            let reads = (0..<4).map { _ in Script.tools([("file_read", ["path": "big.txt"])]) }
            // The same read four times in a row is a doom loop by default; this test wants the four big results.
            let run = try await host.createRun("read it four times", script: Script.turns(reads + [Script.text("done")]),
                                               extra: ["agent": ["doom_loop_threshold": 0]])
            let runID = try #require(run["run_id"]?.stringValue)
            try await host.waitFor(runID, ["completed"])
            var seqs: [Int64] = []
            var after: Int64 = 0
            var total: Int64 = -1
            while true {
                let reply = try #require(await host.call("runs/events", ["run_id": .string(runID), "cursor": .int(after), "limit": 1000]))
                #expect(reply.description.utf8.count <= 20_000)
                let page = try #require(reply["result"], "\(reply.description.prefix(300))")
                total = page["total"]?.intValue ?? -1
                seqs += page["events"]?.arrayValue?.compactMap { $0["seq"]?.intValue } ?? []
                guard let next = page["next_cursor"]?.stringValue, let n = Int64(next) else { break }
                after = n
            }
            #expect(seqs == seqs.sorted() && Set(seqs).count == seqs.count)
            #expect(Int64(seqs.count) == total, "total counts every page, not this one")
            let all = try await host.result("runs/events", ["run_id": .string(runID), "include_tokens": false, "limit": 1])
            #expect(all["total"]?.intValue == total)
        }
    }

    @Test func blackboardIdsFromMemoryListAreAcceptedByMemoryGet() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            let member = try await host.createRole("member", script: Script.turns([Script.text("my proposal")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text("decided")]))
            let group = try await host.createGroup("g", roles: [member, lead])
            let run = try await host.result("groups/runs/create", ["group_id": .string(group), "input": "go"])
            try await host.waitFor(run["run_id"]!.stringValue!, ["completed"], timeout: .seconds(60))
            let listed = try await host.result("memory/list", ["limit": 100])["memories"]?.arrayValue ?? []
            let ids = listed.compactMap { $0["id"]?.stringValue }
            #expect(ids.contains { $0.hasPrefix("bb_") })
            for id in ids {
                let got = try await host.result("memory/get", ["id": .string(id)])
                #expect(got["id"]?.stringValue == id)
                if id.hasPrefix("bb_") {
                    let entry = try await host.result("blackboard/get", ["group_id": .string(group), "entry_id": .string(id)])
                    #expect(entry["id"]?.stringValue == id)
                }
            }
            // Paging memory/list page by page ends on a blackboard entry just as well.
            var cursor: JSONValue = .null
            var paged: [String] = []
            repeat {
                var params: [String: JSONValue] = ["limit": 1]
                if cursor != .null { params["cursor"] = cursor }
                let page = try await host.result("memory/list", .object(params))
                paged += page["memories"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
                cursor = page["next_cursor"] ?? .null
            } while cursor != .null && paged.count <= ids.count
            #expect(paged == ids)
        }
    }
}
