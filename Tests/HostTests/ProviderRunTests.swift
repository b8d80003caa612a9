import Foundation
import LoopbackServer
import RPC
import Testing

/// Real providers driven end to end through `runs/create` over the pipe,
/// against a loopback server speaking OpenAI's streaming wire format.
@Suite struct ProviderRunTests {
    static func chunk(_ delta: JSONValue, finish: String? = nil) -> String {
        let choice: JSONValue = ["index": 0, "delta": delta, "finish_reason": finish.map(JSONValue.string) ?? .null]
        let body: JSONValue = ["id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "fake", "choices": [choice]]
        return "data: \(body.description)\n\n"
    }

    static let usage = #"data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"fake","choices":[],"usage":{"prompt_tokens":11,"completion_tokens":4,"total_tokens":15}}"# + "\n\n"

    static func answer(_ parts: [String]) -> String {
        chunk(["role": "assistant", "content": ""]) + parts.map { chunk(["content": .string($0)]) }.joined() + chunk([:], finish: "stop") + usage + "data: [DONE]\n\n"
    }

    static let toolTurn: String = {
        let args = #"{"path":"notes/x.md","content":"from the model"}"#
        let pieces = stride(from: 0, to: args.count, by: 7).map { String(Array(args)[$0..<min($0 + 7, args.count)]) }
        return chunk(["role": "assistant", "content": ""])
            + chunk(["tool_calls": [["index": 0, "id": "call_abc", "type": "function", "function": ["name": "file_write", "arguments": ""]]]])
            + pieces.map { chunk(["tool_calls": [["index": 0, "function": ["arguments": .string($0)]]]]) }.joined()
            + chunk([:], finish: "tool_calls") + usage + "data: [DONE]\n\n"
    }()

    static func sse(_ body: String, hang: Bool = false) -> LoopbackServer.Handler {
        { _, conn in
            _ = conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
            _ = conn.chunk(body)
            if hang {
                if conn.waitForDisconnect(timeout: .seconds(60)) { conn.server.note("disconnected") }
            } else {
                _ = conn.endChunks()
            }
        }
    }

    static func sequence(_ handlers: [LoopbackServer.Handler]) throws -> LoopbackServer {
        try LoopbackServer { request, conn in
            let index = conn.server.requests.count - 1
            try handlers[min(index, handlers.count - 1)](request, conn)
        }
    }

    let key = "sk-test-\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"

    func host(_ storage: TestStorage, _ server: LoopbackServer) async throws -> HostProcess {
        try await HostProcess.started(storage, environment: ["OPENAI_API_KEY": key, "OPENAI_BASE_URL": server.baseURL + "/v1",
                                                             "OI_LOG_LEVEL": "debug", "LLM_MODEL": "fake-model"])
    }

    @Test func aStreamedToolCallingRunCompletesAndTheKeyIsNowhere() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try Self.sequence([Self.sse(Self.toolTurn), Self.sse(Self.answer(["Hel", "lo ", "there"]))])
            defer { server.stop() }
            let host = try await host(storage, server)
            let id = try await host.createRun("write a note")["run_id"]!
            let done = try await host.waitFor(id.stringValue!, ["completed", "failed"])
            #expect(done["status"] == "completed", "\(done)")
            #expect(done["output"] == "Hello there")
            #expect(done["usage"]?["input_tokens"] == 22)
            #expect(try String(contentsOfFile: storage.dataDir + "/workspace/org_default/user_default/.none/notes/x.md", encoding: .utf8) == "from the model")
            let requests = server.requests
            #expect(requests.count == 2)
            #expect(requests[0].headers.first { $0.0.lowercased() == "authorization" }?.1 == "Bearer \(key)")
            let second = try JSONParser.parse(requests[1].body)
            let assistant = second["messages"]?.arrayValue?.first { $0["role"] == "assistant" }
            #expect(assistant?["content"] == "")
            #expect(assistant?["tool_calls"]?.arrayValue?.first?["id"] == "call_abc")
            let trace = try await host.result("runs/export", ["run_id": id])
            let events = trace["events"]?.arrayValue ?? []
            #expect(events.contains { $0["type"] == "llm.token" })
            #expect(events.first { $0["type"] == "llm.called" }?["payload"]?["provider"] == "openai")
            host.closeStdin()
            _ = await host.waitExit()
            let log = String(decoding: host.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            #expect(!trace.description.contains(key))
            #expect(!log.contains(key))
            for file in try FileManager.default.contentsOfDirectory(atPath: storage.dataDir) where file.hasPrefix("openintern.sqlite") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: storage.dataDir + "/" + file))
                #expect(bytes.range(of: Data(key.utf8)) == nil, "\(file) holds the key")
            }
        }
    }

    @Test func a429IsRetriedAndThreeFiveHundredsFailTheRun() async throws {
        try await withStorage(.sqlite) { storage in
            let limited: LoopbackServer.Handler = { _, conn in
                _ = conn.respond(429, [("Content-Type", "application/json"), ("retry-after-ms", "20")], body: #"{"error":{"message":"slow down","type":"rate_limit"}}"#)
            }
            let broken: LoopbackServer.Handler = { _, conn in
                _ = conn.respond(500, [("Content-Type", "application/json"), ("retry-after-ms", "10")], body: #"{"error":{"message":"the server melted","type":"server_error"}}"#)
            }
            let server = try Self.sequence([limited, Self.sse(Self.answer(["ok"])), broken])
            defer { server.stop() }
            let host = try await host(storage, server)
            let first = try await host.createRun("retry please")["run_id"]!
            let done = try await host.waitFor(first.stringValue!, ["completed", "failed"])
            #expect(done["output"] == "ok")
            let attempts = try await host.result("runs/events", ["run_id": first, "type": "llm.called"])["events"]?.arrayValue?.compactMap { $0["payload"]?["attempt"]?.intValue }
            #expect(attempts == [1, 2])
            let second = try await host.createRun("this will fail")["run_id"]!
            let failed = try await host.waitFor(second.stringValue!, ["completed", "failed"])
            #expect(failed["status"] == "failed")
            #expect(failed["stop_reason"] == "error")
            #expect(failed["error"]?["message"]?.stringValue?.contains("the server melted") == true)
            #expect(server.requests.count == 2 + 3)
        }
    }

    @Test func cancellingMidStreamClosesTheConnection() async throws {
        try await withStorage(.sqlite) { storage in
            let server = try Self.sequence([Self.sse(Self.chunk(["role": "assistant", "content": "thinking"]), hang: true)])
            defer { server.stop() }
            let host = try await host(storage, server)
            let id = try await host.createRun("slow model")["run_id"]!
            _ = try await host.result("runs/subscribe", ["run_id": id])
            var streaming = false
            while !streaming, let note = await host.nextNotification(timeout: .seconds(10)) {
                streaming = note["params"]?["event"]?["type"] == "llm.token"
            }
            #expect(streaming, "a paused stream's tokens are flushed while the model waits")
            _ = try await host.result("runs/cancel", ["run_id": id])
            #expect(await server.waitFor("disconnected", timeout: .seconds(10)))
            #expect(try await host.waitFor(id.stringValue!, ["cancelled"])["stop_reason"] == "cancelled")
        }
    }
}
