import Foundation
import RPC
import Testing

/// Our python/ MCP tool server (`openintern_tools`, installed into `.venv`
/// by scripts/test-venv) as an MCP server of `oi-host`: a run calls its
/// tools, and the host's policy still judges them (`http_fetch` is network
/// egress, blocked unless a rule allows it).
@Suite(.serialized, .enabled(if: MCPFixtures.runs, "needs .venv with the MCP servers (scripts/test-venv)"))
struct ToolServerTests {
    static func server(allow: String = "") -> JSONValue {
        ["command": .string(MCPFixtures.bin + "/python"), "args": ["-m", "openintern_tools"],
         "env": ["OPENINTERN_FETCH_ALLOW": .string(allow)]]
    }

    @Test func aRunCallsThePythonToolServersTools() async throws {
        try MCPFixtures.require()
        try await withStorage(.sqlite) { storage in
            let config = JSONValue.object(["mcpServers": ["tools": Self.server()]]).description
            let host = try await HostProcess.started(storage, environment: try Loop.config(storage, config).merging(["MEMORY_ENABLED": "false"]) { $1 })
            let servers = try await host.waitForServers { $0["tools"]?["state"] == "ready" }
            #expect(servers["tools"]?["tools"]?.arrayValue?.compactMap(\.stringValue).sorted() == ["tools__http_fetch", "tools__json_query", "tools__text_stats"])
            let script = Script.turns([
                Script.tools([("tools__text_stats", ["text": "One fish. Two fish.\n\nRed fish!"]),
                              ("tools__json_query", ["document": #"{"fish": [{"colour": "red"}, {"colour": "blue"}]}"#, "query": "$.fish[*].colour"]),
                              ("tools__http_fetch", ["url": "http://127.0.0.1:9/"])]),
                Script.text("counted"),
            ])
            let runID = try #require(try await host.createRun("count the fish", script: script)["run_id"]?.stringValue)
            #expect(try await host.waitFor(runID, ["completed", "failed"], timeout: .seconds(60))["status"] == "completed")
            let results = try await host.toolResults(runID)
            let stats = try #require(results["tools__text_stats"]?["result"]?["structured_content"], "\(results)")
            #expect(stats["words"] == 6 && stats["sentences"] == 3 && stats["paragraphs"] == 2)
            #expect(results["tools__text_stats"]?["is_error"] == false)
            let query = try #require(results["tools__json_query"]?["result"]?["structured_content"])
            #expect(query["matches"] == ["red", "blue"])
            // Egress is blocked by the host's built-in rule before the server's own allow-list is even asked.
            let events = try await host.allEvents(runID)
            let blocked = Loop.payloads(events, "tool.blocked")
            #expect(blocked.first?["tool_name"] == "tools__http_fetch" && blocked.first?["rule"] == "builtin:network-egress")
        }
    }
}
