import Foundation
import LoopbackServer
import RPC
import Testing

/// OpenTelemetry over the pipe: a run's spans (GenAI conventions) reach a
/// loopback OTLP/HTTP receiver as JSON, linked run → step → model call /
/// tool call, with token counts and no secret anywhere; `runs/export
/// --format otel` gives the same spans; the JSON passes the official
/// protobuf definitions (PyPI `opentelemetry-proto`).
@Suite struct OpenTelemetryTests {
    static let python = HostProcess.packageRoot + "/.venv/bin/python"
    /// `scripts/test-venv` put opentelemetry-proto into `.venv` (under CI it must have).
    static var protoInstalled: Bool {
        let lib = HostProcess.packageRoot + "/.venv/lib"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? []
        return FileManager.default.isExecutableFile(atPath: python)
            && versions.contains { FileManager.default.fileExists(atPath: "\(lib)/\($0)/site-packages/opentelemetry/proto/trace") }
    }

    /// Spans of every request the receiver got, by span id.
    static func spans(in requests: [LoopbackRequest]) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for request in requests where request.target == "/v1/traces" {
            guard let document = try? JSONParser.parse(request.body) else { continue }
            for resource in document["resourceSpans"]?.arrayValue ?? [] {
                for scope in resource["scopeSpans"]?.arrayValue ?? [] {
                    for span in scope["spans"]?.arrayValue ?? [] { out[span["spanId"]?.stringValue ?? ""] = span }
                }
            }
        }
        return out
    }

    static func attribute(_ span: JSONValue?, _ key: String) -> JSONValue? {
        span?["attributes"]?.arrayValue?.first { $0["key"]?.stringValue == key }?["value"]
    }

    static func int(_ span: JSONValue?, _ key: String) -> Int64? {
        attribute(span, key)?["intValue"]?.stringValue.flatMap { Int64($0) }
    }

    /// Runs Tests/Fixtures/otlp/validate_otlp.py on the documents; its verdict line.
    static func validate(_ documents: [[UInt8]]) async throws -> (ok: Bool, output: String) {
        var paths: [String] = []
        for bytes in documents {
            let path = NSTemporaryDirectory() + "otlp-\(UUID().uuidString).json"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        defer { for path in paths { try? FileManager.default.removeItem(atPath: path) } }
        let out = try await CLIProcess.runExecutable(python, [HostProcess.packageRoot + "/Tests/Fixtures/otlp/validate_otlp.py"] + paths)
        return (out.status == 0, out.stdout + out.stderr)
    }

    @Test(arguments: TestBackend.all)
    func aRunsSpansReachAnOTLPReceiverLinkedAndWithoutSecrets(_ backend: TestBackend) async throws {
        try await withStorage(backend) { storage in
            let receiver = try LoopbackServer { _, conn in _ = conn.respond(200, [("Content-Type", "application/json")], body: "{}") }
            defer { receiver.stop() }
            let apiKey = "sk-otel-\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
            let collectorToken = "tok-\(UUID().uuidString)"
            let host = try await HostProcess.started(storage, environment: [
                "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.baseURL, "OTEL_EXPORTER_OTLP_HEADERS": "x-collector-token=\(collectorToken)",
                "OI_OTEL_BATCH_MS": "50", "OPENAI_API_KEY": apiKey, "LLM_PROVIDER": "scripted",
                "OI_PRICING": #"{"scripted/*": {"input_per_mtok": 3, "output_per_mtok": 15}}"#,
            ])
            let secretInput = "my password is hunter2-\(UUID().uuidString)"
            let script = Script.turns([
                .object(["text": "writing", "usage": ["input_tokens": 120, "output_tokens": 30],
                         "tool_calls": [["name": "file_write", "arguments": ["path": "notes/secret.txt", "content": .string(secretInput)]],
                                        ["name": "file_list", "arguments": [:]]]]),
                .object(["text": "Done.", "usage": ["input_tokens": 200, "output_tokens": 10]]),
            ])
            let run = try await host.createRun(secretInput, script: script)
            let runID = try #require(run["run_id"]?.stringValue)
            let done = try await host.waitFor(runID, ["completed", "failed"])
            #expect(done["status"] == "completed")

            // The receiver gets the run's spans shortly after it ends.
            var spans: [String: JSONValue] = [:]
            let deadline = ContinuousClock.now + .seconds(20)
            while ContinuousClock.now < deadline {
                spans = Self.spans(in: receiver.requests)
                if spans.values.contains(where: { $0["name"]?.stringValue?.hasPrefix("invoke_agent") == true }) { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            let posts = receiver.requests.filter { $0.target == "/v1/traces" }
            #expect(!posts.isEmpty && posts.allSatisfy { $0.method == "POST" && $0.header("content-type") == "application/json" })
            #expect(posts.allSatisfy { $0.header("x-collector-token") == collectorToken })

            let agent = try #require(spans.values.first { $0["name"] == "invoke_agent main" })
            let trace = try #require(agent["traceId"]?.stringValue)
            #expect(trace.count == 32 && agent["parentSpanId"] == nil)
            #expect(spans.values.allSatisfy { $0["traceId"]?.stringValue == trace })
            #expect(Self.attribute(agent, "gen_ai.operation.name")?["stringValue"] == "invoke_agent")
            #expect(Self.attribute(agent, "gen_ai.conversation.id")?["stringValue"] == done["session_key"])
            #expect(Self.int(agent, "gen_ai.usage.input_tokens") == 320 && Self.int(agent, "gen_ai.usage.output_tokens") == 40)
            #expect(Self.attribute(agent, "openintern.cost_usd")?["doubleValue"]?.doubleValue == done["cost_usd"]?.doubleValue)

            let steps = spans.values.filter { $0["name"]?.stringValue?.hasPrefix("step ") == true }
            #expect(steps.count == 2 && steps.allSatisfy { $0["parentSpanId"] == agent["spanId"] })
            let stepOne = try #require(steps.first { $0["name"] == "step 1" })
            let chats = spans.values.filter { $0["name"]?.stringValue?.hasPrefix("chat ") == true }
            #expect(chats.count == 2)
            #expect(chats.allSatisfy { chat in steps.contains { $0["spanId"] == chat["parentSpanId"] } && chat["kind"] == 3 })
            let firstChat = try #require(chats.first { $0["parentSpanId"] == stepOne["spanId"] })
            #expect(Self.int(firstChat, "gen_ai.usage.input_tokens") == 120 && Self.int(firstChat, "gen_ai.usage.output_tokens") == 30)
            #expect(Self.attribute(firstChat, "gen_ai.provider.name")?["stringValue"] == "scripted")
            #expect(Self.attribute(firstChat, "gen_ai.request.model")?["stringValue"] == "scripted-default")
            #expect(Self.attribute(firstChat, "gen_ai.response.finish_reasons")?["arrayValue"]?["values"] == [["stringValue": "tool_use"]])
            let tools = spans.values.filter { $0["name"]?.stringValue?.hasPrefix("execute_tool ") == true }
            #expect(Set(tools.compactMap { Self.attribute($0, "gen_ai.tool.name")?["stringValue"]?.stringValue }) == ["file_write", "file_list"])
            #expect(tools.allSatisfy { $0["parentSpanId"] == stepOne["spanId"] && Self.attribute($0, "gen_ai.tool.call.id") != nil })
            for span in spans.values {
                let start = UInt64(span["startTimeUnixNano"]?.stringValue ?? "") ?? 0, end = UInt64(span["endTimeUnixNano"]?.stringValue ?? "") ?? 0
                #expect(start > 0 && end >= start, "\(span["name"] ?? "?")")
                if span["spanId"] != agent["spanId"] {
                    let agentStart = UInt64(agent["startTimeUnixNano"]?.stringValue ?? "") ?? 0
                    let agentEnd = UInt64(agent["endTimeUnixNano"]?.stringValue ?? "") ?? 0
                    #expect(start >= agentStart && end <= agentEnd, "\(span["name"] ?? "?") lies within the run")
                }
            }
            // Nothing secret in any request: not the API key, not the collector's token, not what the user or the model wrote.
            for post in posts {
                for secret in [apiKey, collectorToken, secretInput, "hunter2"] { #expect(!post.bodyText.contains(secret), "\(secret) exported") }
            }

            // runs/export --format otel gives the same spans.
            let exported = try await host.result("runs/export", ["run_id": .string(runID), "format": "otel"])
            #expect(try SchemaFiles.failures(of: exported, method: "runs/export").isEmpty)
            let exportedSpans = exported["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue ?? []
            #expect(Set(exportedSpans.compactMap { $0["spanId"]?.stringValue }) == Set(spans.keys))
            let health = try await host.result("system/health", [:])
            #expect((health["telemetry"]?["exported_spans"]?.intValue ?? 0) >= Int64(spans.count) && health["telemetry"]?["dropped_runs"] == 0)

            if Self.protoInstalled || TestBackend.isCI {
                let verdict = try await Self.validate(posts.map(\.body) + [Array(exported.description.utf8)])
                #expect(verdict.ok, "\(verdict.output)")
            }
        }
    }

    @Test func aGroupMembersSpansJoinTheGroupRunsTrace() async throws {
        try await withStorage(.sqlite) { storage in
            let host = try await HostProcess.started(storage)
            let worker = try await host.createRole("worker", script: Script.turns([Script.tools([("file_list", [:])]), Script.text("Proposal")]))
            let lead = try await host.createRole("lead", lead: true, script: Script.turns([Script.text(#"{"decision":"go"}"#)]))
            let group = try await host.createGroup("traced", roles: [worker, lead])
            let created = try await host.result("groups/runs/create", ["group_id": .string(group), "input": "Go?"])
            let runID = try #require(created["run_id"]?.stringValue)
            _ = try await host.waitFor(runID, ["completed"], timeout: .seconds(60))
            func spans(_ id: JSONValue) async throws -> [JSONValue] {
                let doc = try await host.result("runs/export", ["run_id": id, "format": "otel"])
                return doc["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?.arrayValue ?? []
            }
            let parentSpans = try await spans(.string(runID))
            let groupSpan = try #require(parentSpans.first { $0["name"]?.stringValue?.hasPrefix("invoke_agent") == true })
            for child in created["children"]?.arrayValue ?? [] {
                let memberSpans = try await spans(child["run_id"]!)
                let member = try #require(memberSpans.first { $0["name"]?.stringValue?.hasPrefix("invoke_agent") == true })
                #expect(member["parentSpanId"] == groupSpan["spanId"] && member["traceId"] == groupSpan["traceId"])
                #expect(memberSpans.allSatisfy { $0["traceId"] == groupSpan["traceId"] })
                #expect(Self.attribute(member, "openintern.role_id")?["stringValue"] == child["role_id"])
            }
            let names = (try await spans(created["children"]!.arrayValue![0]["run_id"]!)).compactMap { $0["name"]?.stringValue }
            #expect(names.contains("invoke_agent worker") && names.contains("execute_tool file_list"))
        }
    }
}
