import Foundation
import HTTP
import RPC
import Runtime
import Testing

@Suite struct GeminiProviderTests {
    func provider(_ server: FakeLLMServer, retry: RetryPolicy = .fast) -> GeminiProvider {
        GeminiProvider(configuration: .test(server.baseURL, model: "gemini-test", retry: retry))
    }

    let ask = LLMRequest(model: "", messages: [.system("Be brief."), .user("Weather in Paris?")], tools: [weatherTool])

    @Test func aPlainAnswerStreamsTextThenTheLastUsageThenFinish() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.geminiText(), fragment: 9))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas == [.text("Hel"), .text("lo"), .usage(Usage(inputTokens: 31, outputTokens: 7, cachedTokens: 4)), .finish(.endTurn)])

        let request = try #require(server.requests.first)
        #expect(request.target == "/v1beta/models/gemini-test:streamGenerateContent?alt=sse")
        #expect(request.header("x-goog-api-key") == TestKeys.secret)
        #expect(!request.target.contains(TestKeys.secret))
        let body = try server.body()
        #expect(body["systemInstruction"] == ["parts": [["text": "Be brief."]]])
        #expect(body["contents"] == [["role": "user", "parts": [["text": "Weather in Paris?"]]]])
        #expect(body["tools"] == [["functionDeclarations": [["name": "get_weather", "description": "Current weather", "parametersJsonSchema": weatherTool.inputSchema]]]])
    }

    @Test func crlfDelimitedEventsParseTheSame() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.geminiText(crlf: true), fragment: 4))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.text("Hel"), .text("lo"), .usage(Usage(inputTokens: 31, outputTokens: 7, cachedTokens: 4)), .finish(.endTurn)])
    }

    @Test func wholeFunctionCallsKeepIdsAndSignaturesAndFinishAsToolUse() async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.geminiParallelCalls))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas.count == 5)
        #expect(outcome.deltas[0] == .text("Checking both."))
        #expect(outcome.deltas[1] == .toolCall(ToolCall(id: "fc_1", name: "get_weather", arguments: ["city": "Paris", "units": "metric"], thoughtSignature: "c2lnLTE=")))
        guard case .toolCall(let second) = outcome.deltas[2] else {
            Issue.record("expected a tool call, got \(outcome.deltas[2])")
            return
        }
        #expect(second.name == "get_time")
        #expect(second.arguments == ["city": "Rome"])
        #expect(second.id.hasPrefix(GeminiProvider.syntheticIDPrefix))
        #expect(outcome.deltas[3] == .usage(Usage(inputTokens: 40, outputTokens: 12)))
        #expect(outcome.deltas[4] == .finish(.toolUse))
    }

    @Test(arguments: [
        ("STOP", FinishReason.endTurn), ("MAX_TOKENS", .maxTokens), ("SAFETY", .refusal), ("RECITATION", .refusal),
        ("PROHIBITED_CONTENT", .refusal), ("MALFORMED_FUNCTION_CALL", .error), ("OTHER", .error), ("LANGUAGE", .error),
    ])
    func everyFinishReasonIsMapped(_ wire: String, _ expected: FinishReason) async throws {
        let server = try FakeLLMServer(Replies.sse(Wire.geminiText(finish: wire)))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas.last == .finish(expected))
    }

    @Test func aBlockedPromptFinishesAsRefusal() async throws {
        let stream = Wire.geminiEvent(#"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9}}"#)
        let server = try FakeLLMServer(Replies.sse(stream))
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.deltas == [.usage(Usage(inputTokens: 9)), .finish(.refusal)])
    }

    @Test func theConversationUsesModelTurnsFunctionResponsesAndSignatures() async throws {
        var conversation = fullConversation
        conversation[2].toolCalls![0].thoughtSignature = "c2ln"
        conversation[2].toolCalls![1].id = GeminiProvider.syntheticIDPrefix + "x1"
        conversation[4].toolCallID = GeminiProvider.syntheticIDPrefix + "x1"
        conversation[4].name = nil
        let server = try FakeLLMServer(Replies.sse(Wire.geminiText()))
        _ = await collect(provider(server).stream(LLMRequest(model: "models/gemini-x", messages: conversation, tools: [weatherTool], temperature: 0.2, maxTokens: 1024, toolChoice: "auto")))
        #expect(server.requests.first?.target == "/v1beta/models/gemini-x:streamGenerateContent?alt=sse")
        let body = try server.body()
        #expect(body["generationConfig"] == ["temperature": 0.2, "maxOutputTokens": 1024])
        #expect(body["toolConfig"] == ["functionCallingConfig": ["mode": "AUTO"]])
        #expect(body["contents"] == [
            ["role": "user", "parts": [["text": "Weather in Paris and Rome?"]]],
            ["role": "model", "parts": [
                ["functionCall": ["id": "call_1", "name": "get_weather", "args": ["city": "Paris"]], "thoughtSignature": "c2ln"],
                ["functionCall": ["name": "get_weather", "args": ["city": "Rome"]]],
            ]],
            ["role": "user", "parts": [
                ["functionResponse": ["id": "call_1", "name": "get_weather", "response": ["result": "18°C, cloudy"]]],
                ["functionResponse": ["name": "get_weather", "response": ["result": "24°C, sunny"]]],
                ["text": "Thanks. And tomorrow?"],
            ]],
        ])
    }

    @Test(arguments: [
        (400, "INVALID_ARGUMENT", "Request contains an invalid argument."),
        (401, "UNAUTHENTICATED", "API key not valid: sk-test-SECRET-7f3a9c01"),
        (404, "NOT_FOUND", "models/gemini-nope is not found for API version v1beta"),
        (500, "INTERNAL", "An internal error has occurred."),
    ])
    func errorBodiesBecomeProviderErrors(_ status: Int, _ grpcStatus: String, _ message: String) async throws {
        let body = #"{"error":{"code":\#(status),"message":"\#(message)","status":"\#(grpcStatus)"}}"#
        let server = try FakeLLMServer(Replies.error(status, body))
        let outcome = await collect(provider(server, retry: .noRetries).stream(ask))
        let error = try #require(outcome.providerError)
        #expect(error.status == status)
        #expect(error.errorType == grpcStatus)
        #expect(error.message == message.replacingOccurrences(of: TestKeys.secret, with: "***"))
        for text in renderings(error) { #expect(!text.contains(TestKeys.secret)) }
    }

    @Test func a429WithRetryAfterIsRetriedThenSucceeds() async throws {
        let server = try FakeLLMServer([
            Replies.error(429, #"{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}"#, headers: [("retry-after", "0.05")]),
            Replies.sse(Wire.geminiText()),
        ])
        let outcome = await collect(provider(server).stream(ask))
        #expect(outcome.error == nil)
        #expect(outcome.deltas.first == .retrying(attempt: 1, reason: "HTTP 429 RESOURCE_EXHAUSTED: Resource has been exhausted (e.g. check quota).", delayMs: 50))
        #expect(outcome.withoutRetries.last == .finish(.endTurn))
    }
}
