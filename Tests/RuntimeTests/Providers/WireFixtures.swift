import Foundation

/// Streams as the real servers send them, copied from WIRE.md.
enum Wire {
    // MARK: OpenAI Chat Completions (WIRE.md §1.3)

    /// The WIRE.md example verbatim: text, one tool call in three fragments, usage, [DONE].
    static let openAIToolCall = #"""
    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Let me check."},"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}],"usage":null}

    data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":52,"completion_tokens":17,"total_tokens":69}}

    data: [DONE]


    """#

    static func openAIChunk(_ delta: String, finish: String? = nil) -> String {
        #"data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":\#(delta),"finish_reason":\#(finish.map { "\"\($0)\"" } ?? "null")}],"usage":null}"# + "\n\n"
    }

    static let openAIUsage = #"data: {"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":8},"completion_tokens_details":{"reasoning_tokens":0}}}"# + "\n\n"

    /// A plain answer "Hello" ending with `finish`, usage and [DONE].
    static func openAIText(finish: String = "stop") -> String {
        openAIChunk(#"{"role":"assistant","content":""}"#) + openAIChunk(#"{"content":"Hel"}"#) + openAIChunk(#"{"content":"lo"}"#)
            + openAIChunk("{}", finish: finish) + openAIUsage + "data: [DONE]\n\n"
    }

    /// Two parallel calls, their argument text dealt out a few characters per
    /// fragment and interleaved between the two indexes.
    static var openAIParallelCalls: String {
        let first = #"{"city": "Paris", "units": "metric"}"#
        let second = #"{"city": "Rome"}"#
        var out = openAIChunk(#"{"role":"assistant","content":null}"#)
        out += openAIChunk(#"{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]}"#)
        out += openAIChunk(#"{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"get_time","arguments":""}}]}"#)
        let a = pieces(first, 3), b = pieces(second, 2)
        for i in 0..<max(a.count, b.count) {
            if i < a.count { out += openAIChunk(#"{"tool_calls":[{"index":0,"function":{"arguments":\#(jsonString(a[i]))}}]}"#) }
            if i < b.count { out += openAIChunk(#"{"tool_calls":[{"index":1,"function":{"arguments":\#(jsonString(b[i]))}}]}"#) }
        }
        return out + openAIChunk("{}", finish: "tool_calls") + openAIUsage + "data: [DONE]\n\n"
    }

    // MARK: Anthropic Messages (WIRE.md §3.3)

    /// The WIRE.md example verbatim: text, a ping, one tool_use in two pieces, stop.
    static let anthropicToolUse = #"""
    event: message_start
    data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":377,"output_tokens":1}}}

    event: content_block_start
    data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

    event: ping
    data: {"type": "ping"}

    event: content_block_delta
    data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Checking."}}

    event: content_block_stop
    data: {"type":"content_block_stop","index":0}

    event: content_block_start
    data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}}

    event: content_block_delta
    data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}

    event: content_block_delta
    data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}

    event: content_block_stop
    data: {"type":"content_block_stop","index":1}

    event: message_delta
    data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":65}}

    event: message_stop
    data: {"type":"message_stop"}


    """#

    static func anthropicEvent(_ json: String) -> String {
        let type = json.split(separator: "\"")[3]
        return "event: \(type)\ndata: \(json)\n\n"
    }

    static let anthropicStart = anthropicEvent(#"{"type":"message_start","message":{"id":"msg_02","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":1,"cache_read_input_tokens":5,"cache_creation_input_tokens":0}}}"#)

    /// A plain answer "Hello" ending with `stop`.
    static func anthropicText(stop: String = "end_turn") -> String {
        anthropicStart
            + anthropicEvent(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"#)
            + anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}"#)
            + anthropicEvent(#"{"type":"content_block_stop","index":0}"#)
            + anthropicEvent(#"{"type":"message_delta","delta":{"stop_reason":"\#(stop)","stop_sequence":null},"usage":{"output_tokens":3}}"#)
            + anthropicEvent(#"{"type":"message_stop"}"#)
    }

    /// Two tool_use blocks whose JSON arrives a few characters per delta, interleaved.
    static var anthropicParallelCalls: String {
        let first = #"{"city": "Paris", "units": "metric"}"#
        let second = #"{"city": "Rome"}"#
        var out = anthropicStart
        out += anthropicEvent(#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_a","name":"get_weather","input":{}}}"#)
        out += anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}}"#)
        for piece in pieces(first, 3) {
            out += anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":\#(jsonString(piece))}}"#)
        }
        out += anthropicEvent(#"{"type":"content_block_stop","index":0}"#)
        out += anthropicEvent(#"{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_b","name":"get_time","input":{}}}"#)
        for piece in pieces(second, 2) {
            out += anthropicEvent(#"{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":\#(jsonString(piece))}}"#)
        }
        out += anthropicEvent(#"{"type":"content_block_stop","index":1}"#)
        out += anthropicEvent(#"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_c","name":"list_files","input":{}}}"#)
        out += anthropicEvent(#"{"type":"content_block_stop","index":2}"#)
        out += anthropicEvent(#"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":40}}"#)
        return out + anthropicEvent(#"{"type":"message_stop"}"#)
    }

    // MARK: Gemini streamGenerateContent?alt=sse (WIRE.md §4.3)

    static func geminiEvent(_ json: String, crlf: Bool = false) -> String {
        "data: \(json)" + (crlf ? "\r\n\r\n" : "\n\n")
    }

    /// A plain answer "Hello" ending with `finish`; usage on every chunk, the last one counts.
    static func geminiText(finish: String = "STOP", crlf: Bool = false) -> String {
        geminiEvent(#"{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}],"usageMetadata":{"promptTokenCount":31,"totalTokenCount":31},"modelVersion":"gemini-2.5-flash","responseId":"abc123"}"#, crlf: crlf)
            + geminiEvent(#"{"candidates":[{"content":{"role":"model","parts":[{"text":"lo"}]},"finishReason":"\#(finish)","index":0}],"usageMetadata":{"promptTokenCount":31,"candidatesTokenCount":5,"totalTokenCount":36,"cachedContentTokenCount":4,"thoughtsTokenCount":2},"modelVersion":"gemini-2.5-flash","responseId":"abc123"}"#, crlf: crlf)
    }

    /// Two whole function calls in one chunk (one with an id and a thought signature).
    static let geminiParallelCalls =
        geminiEvent(#"{"candidates":[{"content":{"role":"model","parts":[{"text":"Checking both."}]},"index":0}],"modelVersion":"gemini-2.5-flash"}"#)
        + geminiEvent(#"{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"id":"fc_1","name":"get_weather","args":{"city":"Paris","units":"metric"}},"thoughtSignature":"c2lnLTE="},{"functionCall":{"name":"get_time","args":{"city":"Rome"}}}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":40,"candidatesTokenCount":12,"totalTokenCount":52},"modelVersion":"gemini-2.5-flash"}"#)

    // MARK: Helpers

    static func pieces(_ text: String, _ size: Int) -> [String] {
        let chars = Array(text)
        return stride(from: 0, to: chars.count, by: size).map { String(chars[$0..<min($0 + size, chars.count)]) }
    }

    static func jsonString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
