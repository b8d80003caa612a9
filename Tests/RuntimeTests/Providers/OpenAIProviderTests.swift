import Foundation
import HTTP
import RPC
import Runtime
import Testing

@Suite struct OpenAIProviderTests {
    func provider(_ server: FakeLLMServer, retry: RetryPolicy = .fast) -> OpenAIProvider {
        OpenAIProvider(configuration: .test(server.baseURL + "/v1", model: "gpt-test", retry: retry))
    }

    let ask = LLMRequest(model: "", messages: [.user("Weather in Paris?")], tools: [weatherTool])

    @Test func aPlainAnswerStreamsTextThenUsageThenFinish() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.openAIText(), fragment: 7))
        let outcome = await collect(provider(server).stream(LLMRequest(model: "", messages: [.user("Hi")])))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [.text("Hel"), .text("lo"), .usage(Usage(inputTokens: 12, outputTokens: 3, cachedTokens: 8)), .finish(.endTurn)])

        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer \(TestKeys.secret)")
        #expect(request.header("content-type") == "application/json")
        let body = try server.body()
        #expect(body["model"] == "gpt-test")
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
        #expect(body["messages"] == [["role": "user", "content": "Hi"]])
        #expect(body["tools"] == nil)
    }

    @Test func theWireExampleGivesTextThenTheAssembledCallUsageAndToolUse() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.openAIToolCall))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [
            .text("Let me check."),
            .toolCall(ToolCall(id: "call_1", name: "get_weather", arguments: ["city": "Paris"])),
            .usage(Usage(inputTokens: 52, outputTokens: 17)),
            .finish(.toolUse),
        ])
    }

    @Test func parallelCallsAreAssembledFromInterleavedFragmentsByIndex() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.openAIParallelCalls, fragment: 5))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [
            .toolCall(ToolCall(id: "call_a", name: "get_weather", arguments: ["city": "Paris", "units": "metric"])),
            .toolCall(ToolCall(id: "call_b", name: "get_time", arguments: ["city": "Rome"])),
            .usage(Usage(inputTokens: 12, outputTokens: 3, cachedTokens: 8)),
            .finish(.toolUse),
        ])
    }

    @Test(arguments: [("stop", FinishReason.endTurn), ("length", .maxTokens), ("tool_calls", .toolUse), ("content_filter", .refusal), ("function_call", .toolUse)])
    func everyFinishReasonIsMapped(_ wire: String, _ expected: FinishReason) async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.openAIText(finish: wire)))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas.last == .finish(expected))
    }

    @Test func aRefusalStreamsItsTextAndFinishesAsRefusal() async throws {
        let stream = Wire.openAIChunk(#"{"role":"assistant","content":null,"refusal":"I can't help with that."}"#)
            + Wire.openAIChunk("{}", finish: "stop") + "data: [DONE]\n\n"
        let server = try FakeLLMServer(Replies.sse(stream))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.text("I can't help with that."), .finish(.refusal)])
    }

    @Test func theConversationIsSentWithToolCallsContentEmptyAndToolMessages() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.openAIText()))
        let request = LLMRequest(model: "gpt-x", messages: fullConversation, tools: [weatherTool], temperature: 0.2, maxTokens: 99, toolChoice: "get_weather")
        _ = await collect(provider(server).stream(request))
        let body = try server.body()
        #expect(body["model"] == "gpt-x")
        #expect(body["temperature"] == 0.2)
        #expect(body["max_tokens"] == 99)
        #expect(body["tool_choice"] == ["type": "function", "function": ["name": "get_weather"]])
        #expect(body["tools"] == [["type": "function", "function": ["name": "get_weather", "description": "Current weather", "parameters": weatherTool.inputSchema]]])
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.count == 6)
        #expect(messages[0] == ["role": "system", "content": "Be brief."])
        #expect(messages[2] == [
            "role": "assistant", "content": "",
            "tool_calls": [
                ["id": "call_1", "type": "function", "function": ["name": "get_weather", "arguments": #"{"city":"Paris"}"#]],
                ["id": "call_2", "type": "function", "function": ["name": "get_weather", "arguments": #"{"city":"Rome"}"#]],
            ],
        ])
        #expect(messages[3] == ["role": "tool", "tool_call_id": "call_1", "content": "18°C, cloudy"])
        #expect(messages[4] == ["role": "tool", "tool_call_id": "call_2", "content": "24°C, sunny"])
        // The assistant content is never null (llama.cpp rejects it).
        #expect(!server.requests[0].bodyText.contains(#""content":null"#))
    }

    @Test func theRealOpenAIHostGetsMaxCompletionTokens() {
        let provider = OpenAIProvider(configuration: ProviderConfiguration(baseURL: "https://api.openai.com/v1", apiKey: "k", model: "gpt-4o"))
        let body = provider.body(for: LLMRequest(model: "", messages: [.user("x")], maxTokens: 50))
        #expect(body["max_completion_tokens"] == 50)
        #expect(body["max_tokens"] == nil)
    }

    @Test(arguments: [
        (400, #"{"error":{"message":"Invalid 'messages': empty array.","type":"invalid_request_error","param":"messages","code":null}}"#, "Invalid 'messages': empty array.", "invalid_request_error"),
        (401, #"{"error":{"message":"Incorrect API key provided: sk-test-SECRET-7f3a9c01.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#, "Incorrect API key provided: ***.", "invalid_request_error"),
        (404, #"{"error":{"message":"The model `gpt-nope` does not exist","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#, "The model `gpt-nope` does not exist", "invalid_request_error"),
        (400, #"{"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}"#, "max_tokens is too large", "BadRequestError"),
    ])
    func errorBodiesBecomeProviderErrorsWithTheServersMessage(_ status: Int, _ body: String, _ message: String, _ type: String) async throws {
        let server = try FakeLLMServer(Replies.error(status, body))
        let outcome = await collect(provider(server).stream(ask))
        let error = try #require(outcome.providerError)
        #expect(error.status == status)
        #expect(error.message == message)
        #expect(error.errorType == type)
        #expect(error.retryable == false)
        #expect(outcome.deltas.isEmpty)
        #expect(server.requests.count == 1)
        for text in renderings(error) { #expect(!text.contains(TestKeys.secret)) }
    }

    @Test func a429WithRetryAfterMsIsRetriedAfterThatDelay() async throws {
        let server = try FakeLLMServer([
            Replies.error(429, #"{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}"#, headers: [("retry-after-ms", "30")]),
            Replies.sse(Wire.openAIText()),
        ])
        let start = ContinuousClock.now
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas.first == .retrying(attempt: 1, reason: "HTTP 429 requests: Rate limit reached", delayMs: 30))
        #expect(Array(outcome.deltas.dropFirst()) == [.text("Hel"), .text("lo"), .usage(Usage(inputTokens: 12, outputTokens: 3, cachedTokens: 8)), .finish(.endTurn)])
        #expect(ContinuousClock.now - start >= .milliseconds(30))
        #expect(server.requests.count == 2)
    }

    @Test func aServerDelayOverTheCapIsNotWaitedFor() async throws {
        var retry = RetryPolicy.openAI
        retry.baseDelay = .milliseconds(1)
        let server = try FakeLLMServer(Replies.error(429, #"{"error":{"message":"slow down","type":"requests"}}"#, headers: [("retry-after", "3600")]))
        let outcome = await collect(provider(server, retry: retry).stream(ask))
        #expect(outcome.providerError?.status == 429)
        #expect(outcome.retries.isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test func anErrorInsideTheStreamIsThrownAfterTheTextSoFar() async throws {
        let stream = Wire.openAIChunk(#"{"content":"Hel"}"#) + #"data: {"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}"# + "\n\n"
        let server = try FakeLLMServer(Replies.sse(stream))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.text("Hel")])
        #expect(outcome.providerError?.message == "The server had an error while processing your request.")
        #expect(outcome.providerError?.retryable == true)
        #expect(server.requests.count == 1)
    }

    @Test func endOfStreamAfterTheFinishReasonIsDoneEvenWithoutDONE() async throws {
        let stream = Wire.openAIChunk(#"{"content":"Hi"}"#) + Wire.openAIChunk("{}", finish: "stop")
        let server = try FakeLLMServer(Replies.sse(stream))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [.text("Hi"), .finish(.endTurn)])
    }

    @Test func ollamaStyleWholeCallsWithStopStillFinishAsToolUse() async throws {
        let stream = Wire.openAIChunk(#"{"role":"assistant","content":"","tool_calls":[{"id":"call_x","index":0,"type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]}"#)
            + Wire.openAIChunk(#"{"role":"assistant","content":""}"#, finish: "stop") + "data: [DONE]\n\n"
        let server = try FakeLLMServer(Replies.sse(stream))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.toolCall(ToolCall(id: "call_x", name: "get_weather", arguments: ["city": "Oslo"])), .finish(.toolUse)])
    }
}
