import Foundation
import HTTP
import RPC
import Runtime
import Testing

@Suite struct AnthropicProviderTests {
    func provider(_ server: FakeLLMServer, retry: RetryPolicy = .fast) -> AnthropicProvider {
        AnthropicProvider(configuration: .test(server.baseURL, model: "claude-test", retry: retry))
    }

    let ask = LLMRequest(model: "", messages: [.system("Be brief."), .user("Weather in Paris?")], tools: [weatherTool])

    @Test func theWireExampleGivesTextThenTheAssembledToolUseUsageAndFinish() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.anthropicToolUse, fragment: 11))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [
            .text("Checking."),
            .toolCall(ToolCall(id: "toolu_1", name: "get_weather", arguments: ["city": "Paris"])),
            .usage(Usage(inputTokens: 377, outputTokens: 65)),
            .finish(.toolUse),
        ])

        let request = try #require(server.requests.first)
        #expect(request.target == "/v1/messages")
        #expect(request.header("x-api-key") == TestKeys.secret)
        #expect(request.header("anthropic-version") == "2023-06-01")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("authorization") == nil)
        let body = try server.body()
        #expect(body["model"] == "claude-test")
        #expect(body["max_tokens"] == 4096)
        #expect(body["stream"] == true)
        #expect(body["system"] == "Be brief.")
        #expect(body["messages"] == [["role": "user", "content": [["type": "text", "text": "Weather in Paris?"]]]])
        #expect(body["tools"] == [["name": "get_weather", "description": "Current weather", "input_schema": weatherTool.inputSchema]])
    }

    @Test func aPlainAnswerCountsCachedTokensInTheInput() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.anthropicText()))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.text("Hel"), .text("lo"), .usage(Usage(inputTokens: 25, outputTokens: 3, cachedTokens: 5)), .finish(.endTurn)])
    }

    @Test func parallelToolUsesAreAssembledFromManyPieces() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.anthropicParallelCalls, fragment: 3))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [
            .toolCall(ToolCall(id: "toolu_a", name: "get_weather", arguments: ["city": "Paris", "units": "metric"])),
            .toolCall(ToolCall(id: "toolu_b", name: "get_time", arguments: ["city": "Rome"])),
            .toolCall(ToolCall(id: "toolu_c", name: "list_files", arguments: [:])),
            .usage(Usage(inputTokens: 25, outputTokens: 40, cachedTokens: 5)),
            .finish(.toolUse),
        ])
    }

    @Test(arguments: [
        ("end_turn", FinishReason.endTurn), ("stop_sequence", .endTurn), ("tool_use", .toolUse), ("max_tokens", .maxTokens),
        ("refusal", .refusal), ("pause_turn", .endTurn), ("model_context_window_exceeded", .maxTokens),
    ])
    func everyStopReasonIsMapped(_ wire: String, _ expected: FinishReason) async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.anthropicText(stop: wire)))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas.last == .finish(expected))
    }

    @Test func theConversationBecomesBlocksWithToolResultsInOneUserMessage() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.anthropicText()))
        let request = LLMRequest(model: "claude-x", messages: fullConversation, tools: [weatherTool], temperature: 0.5, maxTokens: 300, toolChoice: "required")
        _ = await collect(provider(server).stream(request))
        let body = try server.body()
        #expect(body["model"] == "claude-x")
        #expect(body["max_tokens"] == 300)
        #expect(body["temperature"] == 0.5)
        #expect(body["tool_choice"] == ["type": "any"])
        #expect(body["system"] == "Be brief.")
        #expect(body["messages"] == [
            ["role": "user", "content": [["type": "text", "text": "Weather in Paris and Rome?"]]],
            ["role": "assistant", "content": [
                ["type": "tool_use", "id": "call_1", "name": "get_weather", "input": ["city": "Paris"]],
                ["type": "tool_use", "id": "call_2", "name": "get_weather", "input": ["city": "Rome"]],
            ]],
            ["role": "user", "content": [
                ["type": "tool_result", "tool_use_id": "call_1", "content": "18°C, cloudy"],
                ["type": "tool_result", "tool_use_id": "call_2", "content": "24°C, sunny"],
                ["type": "text", "text": "Thanks. And tomorrow?"],
            ]],
        ])
    }

    @Test(arguments: [
        (400, "invalid_request_error", "messages: roles must alternate", false),
        (401, "authentication_error", "invalid x-api-key sk-test-SECRET-7f3a9c01", false),
        (404, "not_found_error", "model: claude-nope", false),
        (500, "api_error", "Internal server error", true),
        (529, "overloaded_error", "Overloaded", true),
    ])
    func errorBodiesBecomeProviderErrors(_ status: Int, _ type: String, _ message: String, _ retryable: Bool) async throws {
        let body = #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"},"request_id":"req_011"}"#
        let server = try FakeLLMServer(Replies.error(status, body))
        let outcome = await collect(provider(server, retry: .noRetries).stream(ask))
        let error = try #require(outcome.providerError)
        #expect(error.status == status)
        #expect(error.errorType == type)
        #expect(error.message == message.replacingOccurrences(of: TestKeys.secret, with: "***"))
        #expect(error.retryable == retryable)
        for text in renderings(error) { #expect(!text.contains(TestKeys.secret)) }
    }

    @Test func overloaded529IsRetriedThenSucceeds() async throws {
        let server = try FakeLLMServer([
            Replies.error(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#),
            Replies.sse(Wire.anthropicText()),
        ])
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        guard case .retrying(1, "HTTP 529 overloaded_error: Overloaded", let delay)? = outcome.deltas.first else {
            Issue.record("expected a retry first, got \(outcome.deltas)")
            return
        }
        #expect((1...2).contains(delay))
        #expect(outcome.withoutRetries.count == 4)
    }

    @Test func a429WithRetryAfterSecondsWaitsThatLong() async throws {
        let server = try FakeLLMServer([
            Replies.error(429, #"{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}"#, headers: [("retry-after", "1")]),
            Replies.sse(Wire.anthropicText()),
        ])
        let start = ContinuousClock.now
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas.first == .retrying(attempt: 1, reason: "HTTP 429 rate_limit_error: Number of request tokens has exceeded your per-minute rate limit", delayMs: 1000))
        #expect(ContinuousClock.now - start >= .seconds(1))
    }

    @Test func xShouldRetryFalseForbidsARetryAndTrueForcesOne() async throws {
        let forbidden = try FakeLLMServer(Replies.error(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, headers: [("x-should-retry", "false")]))
        let outcome = await collect(provider(forbidden).stream(ask))
        #expect(outcome.providerError?.status == 529)
        #expect(forbidden.requests.count == 1)

        let forced = try FakeLLMServer([
            Replies.error(400, #"{"type":"error","error":{"type":"invalid_request_error","message":"try again"}}"#, headers: [("x-should-retry", "true")]),
            Replies.sse(Wire.anthropicText()),
        ])
        let retried = await collect(provider(forced).stream(ask))
        #expect(retried.error == nil)
        #expect(retried.retries.count == 1)
        #expect(forced.requests.count == 2)
    }

    @Test func anOverloadedErrorEventMidStreamIsThrownAndNotRetried() async throws {
        let stream = Wire.anthropicStart
            + Wire.anthropicEvent(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
            + Wire.anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"#)
            + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
        let server = try FakeLLMServer(Replies.sse(stream))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.text("Hel")])
        let error = try #require(outcome.providerError)
        #expect(error.errorType == "overloaded_error")
        #expect(error.message == "Overloaded")
        #expect(error.retryable)
        #expect(server.requests.count == 1)
    }
}
