import Foundation
import LoopbackServer
import RPC

/// What the agent-loop tests share: a config file, the default scope's
/// workspace, the requests a fake model server received, Anthropic answers.
enum Loop {
    /// Writes `json` as the test's `agent.config.json`; the env that selects it.
    static func config(_ storage: TestStorage, _ json: String) throws -> [String: String] {
        let path = storage.dataDir + "/agent.config.json"
        try FileManager.default.createDirectory(atPath: storage.dataDir, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return ["OI_CONFIG": path]
    }

    /// The default scope's workspace folder.
    static func workspace(_ storage: TestStorage) -> String {
        storage.dataDir + "/workspace/org_default/user_default/.none"
    }

    /// The JSON bodies a fake model server received, in order.
    static func bodies(_ server: LoopbackServer) throws -> [JSONValue] {
        try server.requests.map { try JSONParser.parse($0.body) }
    }

    /// `(role, text)` of each message an OpenAI-style body carries.
    static func openAIMessages(_ body: JSONValue) -> [(String, String)] {
        (body["messages"]?.arrayValue ?? []).map { ($0["role"]?.stringValue ?? "", $0["content"]?.stringValue ?? "") }
    }

    /// The payloads of a run's events of one type.
    static func payloads(_ events: [JSONValue], _ type: String) -> [JSONValue] {
        events.filter { $0["type"]?.stringValue == type }.compactMap { $0["payload"] }
    }

    static func anthropicEvent(_ json: String) -> String {
        let type = json.split(separator: "\"")[3]
        return "event: \(type)\ndata: \(json)\n\n"
    }

    /// A streamed Anthropic answer of `text`.
    static func anthropicAnswer(_ text: String) -> String {
        let quoted = JSONValue.string(text).description
        return anthropicEvent(#"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":1}}}"#)
            + anthropicEvent(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"# + quoted + "}}")
            + anthropicEvent(#"{"type":"content_block_stop","index":0}"#)
            + anthropicEvent(#"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":5}}"#)
            + anthropicEvent(#"{"type":"message_stop"}"#)
    }

    /// An OpenAI-style answer of `text` (one chunk).
    static func openAIAnswer(_ text: String) -> String { ProviderRunTests.answer([text]) }

    /// An OpenAI-style turn calling `tool` with `arguments` (JSON text).
    static func openAIToolTurn(id: String, tool: String, arguments: String) -> String {
        ProviderRunTests.chunk(["role": "assistant", "content": ""])
            + ProviderRunTests.chunk(["tool_calls": [["index": 0, "id": .string(id), "type": "function", "function": ["name": .string(tool), "arguments": .string(arguments)]]]])
            + ProviderRunTests.chunk([:], finish: "tool_calls") + ProviderRunTests.usage + "data: [DONE]\n\n"
    }
}
