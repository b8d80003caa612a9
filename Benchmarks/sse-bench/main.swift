import Foundation
import HTTP
import RPC
import Runtime

// Throughput of the streaming path a model answer takes after the socket:
// SSE parsing, then the OpenAI decoder (JSON per chunk, tool-call fragment
// assembly). Input: a synthetic OpenAI Chat Completions stream shaped like a
// real one (one small JSON chunk per token, tool calls in many fragments),
// fed in 16 KiB slices as libcurl would deliver it.
// Usage: sse-bench [megabytes] [runs]

let megabytes = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 32 : 32
let runs = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 5 : 5

func chunk(_ delta: String, finish: String? = nil) -> String {
    #"data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1760000000,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_1","choices":[{"index":0,"delta":\#(delta),"logprobs":null,"finish_reason":\#(finish.map { "\"\($0)\"" } ?? "null")}],"usage":null,"obfuscation":"x9"}"# + "\n\n"
}

func syntheticStream(bytes target: Int) -> (stream: [UInt8], tokens: Int, calls: Int) {
    let words = ["The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ".", " Ünïcödé", " 日本語", " 🎉", "\\n", " \\\"quoted\\\""]
    var out = chunk(#"{"role":"assistant","content":""}"#)
    var tokens = 0
    var calls = 0
    while out.utf8.count < target {
        for i in 0..<200 {
            out += chunk(#"{"content":"\#(words[(tokens + i) % words.count])"}"#)
        }
        tokens += 200
        // Every so often a tool call, its arguments in many fragments.
        out += chunk(#"{"tool_calls":[{"index":\#(calls),"id":"call_\#(calls)","type":"function","function":{"name":"read_file","arguments":""}}]}"#)
        for piece in [#"{\"pa"#, #"th\": \"src/"#, #"main.swift\", "#, #"\"limit\": 4"#, #"00}"#] {
            out += chunk(#"{"tool_calls":[{"index":\#(calls),"function":{"arguments":"\#(piece)"}}]}"#)
        }
        calls += 1
    }
    out += chunk("{}", finish: "tool_calls")
    out += #"data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":52,"completion_tokens":17,"total_tokens":69}}"# + "\n\ndata: [DONE]\n\n"
    return (Array(out.utf8), tokens, calls)
}

func slices(_ bytes: [UInt8], size: Int) -> [[UInt8]] {
    stride(from: 0, to: bytes.count, by: size).map { Array(bytes[$0..<min($0 + size, bytes.count)]) }
}

let (stream, tokens, calls) = syntheticStream(bytes: megabytes << 20)
let input = slices(stream, size: 16 << 10)
let mb = Double(stream.count) / 1_048_576

func measure(_ name: String, _ body: () throws -> Int) rethrows {
    var times: [Double] = []
    var count = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        count = try body()
        let elapsed = ContinuousClock.now - start
        times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
    times.sort()
    let median = times[times.count / 2]
    print("\(name): \(String(format: "%.1f", mb / median)) MB/s median of \(runs) (\(String(format: "%.0f", Double(count) / median)) items/s, best \(String(format: "%.1f", mb / times[0])) MB/s)")
}

print("input: \(String(format: "%.1f", mb)) MB, \(tokens) token chunks, \(calls) tool calls, fed in 16 KiB slices")

measure("SSE parse only          ") {
    var parser = SSEParser()
    var events = 0
    for slice in input { parser.feed(slice) { _ in events += 1 } }
    return events
}

try measure("SSE + OpenAI decode     ") {
    var parser = SSEParser()
    var decoder = OpenAIStreamDecoder()
    var deltas = 0
    var text = 0
    var assembled = 0
    for slice in input {
        try parser.feed(slice) { event in
            try decoder.decode(event) { delta in
                deltas += 1
                switch delta {
                case .text(let t): text += t.utf8.count
                case .toolCall: assembled += 1
                default: break
                }
            }
        }
    }
    try decoder.finish { _ in deltas += 1 }
    precondition(assembled == calls, "assembled \(assembled) of \(calls) calls")
    return deltas
}
