import Foundation
import HTTP
import LoopbackServer
import RPC
import Runtime

/// What the fake server does with one request. Replies are used in order,
/// the last one for every request after.
typealias Reply = @Sendable (LoopbackRequest, LoopbackConnection) -> Void

/// A loopback server that speaks a model API's wire format byte for byte, as
/// scripted by a list of replies.
final class FakeLLMServer: Sendable {
    let server: LoopbackServer

    init(_ replies: [Reply]) throws {
        server = try LoopbackServer { request, conn in
            let index = conn.server.requests.count - 1
            replies[min(index, replies.count - 1)](request, conn)
        }
    }

    convenience init(_ reply: @escaping Reply) throws { try self.init([reply]) }

    var baseURL: String { server.baseURL }
    var requests: [LoopbackRequest] { server.requests }

    /// The JSON body of the `n`th request.
    func body(_ n: Int = 0) throws -> JSONValue { try JSONParser.parse(requests[n].body) }
}

enum StreamEnd { case complete, cut, hang }

enum Replies {
    /// `text` as a `text/event-stream` body (chunked), in pieces of
    /// `fragment` bytes if given, then the end: the terminating chunk, a cut
    /// connection, or silence until the client hangs up (noted "disconnected").
    static func sse(_ text: String, fragment: Int? = nil, end: StreamEnd = .complete, pause: Int = 0) -> Reply {
        { _, conn in
            conn.head(200, [("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache")], chunked: true)
            let bytes = Array(text.utf8)
            let size = fragment ?? max(bytes.count, 1)
            for start in stride(from: 0, to: bytes.count, by: size) {
                guard conn.chunk(Array(bytes[start..<min(start + size, bytes.count)])) else { return }
                if pause > 0 { conn.sleep(milliseconds: pause) }
            }
            switch end {
            case .complete: conn.endChunks()
            case .cut: conn.close()
            case .hang: if conn.waitForDisconnect(timeout: .seconds(60)) { conn.server.note("disconnected") }
            }
        }
    }

    static func error(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Reply {
        { _, conn in conn.respond(status, [("Content-Type", "application/json")] + headers, body: body) }
    }

    /// Accepts the request and never answers.
    static let silence: Reply = { _, conn in
        if conn.waitForDisconnect(timeout: .seconds(60)) { conn.server.note("disconnected") }
    }
}

/// A stream's deltas and how it ended.
struct Outcome {
    var deltas: [LLMDelta]
    var error: (any Error)?

    var providerError: ProviderError? { error as? ProviderError }
    var retries: [LLMDelta] { deltas.filter { if case .retrying = $0 { true } else { false } } }
    var withoutRetries: [LLMDelta] { deltas.filter { if case .retrying = $0 { false } else { true } } }
}

func collect(_ stream: AsyncThrowingStream<LLMDelta, any Error>) async -> Outcome {
    var deltas: [LLMDelta] = []
    do {
        for try await delta in stream { deltas.append(delta) }
        return Outcome(deltas: deltas, error: nil)
    } catch {
        return Outcome(deltas: deltas, error: error)
    }
}

enum TestKeys {
    static let secret = "sk-test-SECRET-7f3a9c01"
}

extension RetryPolicy {
    /// The SDK rules with delays tiny enough for tests.
    static let fast = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(2), maxDelay: .milliseconds(8))
}

extension ProviderConfiguration {
    static func test(_ baseURL: String, model: String, retry: RetryPolicy = .fast, idle: Duration = .seconds(5)) -> ProviderConfiguration {
        ProviderConfiguration(
            baseURL: baseURL, apiKey: TestKeys.secret, model: model, retry: retry,
            timeouts: HTTPTimeouts(connect: .seconds(2), total: .seconds(20), idle: idle))
    }
}

/// Every way an error could be shown.
func renderings(_ error: any Error) -> [String] {
    [String(describing: error), String(reflecting: error), "\(error)", (error as? ProviderError)?.message ?? ""]
}

let weatherTool = ToolSpec(
    name: "get_weather", description: "Current weather",
    inputSchema: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

/// A conversation with every kind of message, for request-shape tests.
let fullConversation: [ChatMessage] = [
    .system("Be brief."),
    .user("Weather in Paris and Rome?"),
    ChatMessage(role: .assistant, content: "", toolCalls: [
        ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"]),
        ToolCall(id: "call_2", name: "get_weather", arguments: ["city": "Rome"]),
    ]),
    ChatMessage(role: .tool, content: "18°C, cloudy", toolCallID: "call_1", name: "get_weather"),
    ChatMessage(role: .tool, content: "24°C, sunny", toolCallID: "call_2", name: "get_weather"),
    .user("Thanks. And tomorrow?"),
]
