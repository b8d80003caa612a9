import Foundation
import HTTP
import Runtime
import Testing

/// The same failures, for every wire format: server errors past the retry
/// budget, connections cut mid-stream, servers that go silent, and callers
/// that walk away.
@Suite struct ProviderResilienceTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case openai, anthropic, gemini
        var testDescription: String { rawValue }

        func provider(_ baseURL: String, retry: RetryPolicy = .fast, idle: Duration = .seconds(5)) -> any LLMProvider {
            switch self {
            case .openai: OpenAIProvider(configuration: .test(baseURL, model: "m", retry: retry, idle: idle))
            case .anthropic: AnthropicProvider(configuration: .test(baseURL, model: "m", retry: retry, idle: idle))
            case .gemini: GeminiProvider(configuration: .test(baseURL, model: "m", retry: retry, idle: idle))
            }
        }

        /// A stream's opening: some text, no end.
        var opening: String {
            switch self {
            case .openai: Wire.openAIChunk(#"{"role":"assistant","content":"Hel"}"#)
            case .anthropic:
                Wire.anthropicStart + Wire.anthropicEvent(#"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#)
                    + Wire.anthropicEvent(#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"#)
            case .gemini: Wire.geminiEvent(#"{"candidates":[{"content":{"role":"model","parts":[{"text":"Hel"}]},"index":0}]}"#)
            }
        }

        var complete: String {
            switch self {
            case .openai: Wire.openAIText()
            case .anthropic: Wire.anthropicText()
            case .gemini: Wire.geminiText()
            }
        }

        var serverError: String {
            switch self {
            case .openai: #"{"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}"#
            case .anthropic: #"{"type":"error","error":{"type":"api_error","message":"The server had an error"}}"#
            case .gemini: #"{"error":{"code":500,"message":"The server had an error","status":"INTERNAL"}}"#
            }
        }
    }

    let ask = LLMRequest(model: "", messages: [.user("Hi")])

    @Test(arguments: Kind.allCases)
    func threeServerErrorsExhaustTwoRetries(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.error(500, kind.serverError))
        let outcome = await collect(kind.provider(server.baseURL).stream(ask))
        #expect(server.requests.count == 3)
        #expect(outcome.retries.count == 2)
        for (i, delta) in outcome.retries.enumerated() {
            guard case .retrying(let attempt, let reason, let delay) = delta else { continue }
            #expect(attempt == i + 1)
            #expect(reason.hasPrefix("HTTP 500"))
            #expect(reason.hasSuffix("The server had an error"))
            #expect(delay <= 8)
        }
        let error = try #require(outcome.providerError)
        #expect(error.status == 500)
        #expect(error.retryable)
        #expect(error.message == "The server had an error")
    }

    @Test(arguments: Kind.allCases)
    func aStreamCutMidWayIsAnErrorAfterItsTextAndIsNotRetried(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.sse(kind.opening, end: .cut))
        let outcome = await collect(kind.provider(server.baseURL).stream(ask))
        #expect(outcome.deltas == [.text("Hel")])
        let error = try #require(outcome.providerError)
        #expect(error.message.contains("mid-stream"))
        #expect(server.requests.count == 1)
    }

    @Test(arguments: Kind.allCases)
    func aStreamThatEndsCleanlyButEarlyIsAnError(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.sse(kind.opening, end: .complete))
        let outcome = await collect(kind.provider(server.baseURL).stream(ask))
        #expect(outcome.deltas == [.text("Hel")])
        #expect(outcome.providerError?.message == "the stream ended before the model finished its answer")
    }

    @Test(arguments: Kind.allCases)
    func aServerThatNeverAnswersTripsTheIdleTimeout(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.silence)
        let start = ContinuousClock.now
        let outcome = await collect(kind.provider(server.baseURL, retry: .noRetries, idle: .milliseconds(300)).stream(ask))
        let error = try #require(outcome.providerError)
        #expect(error.message.contains("idle_timeout"))
        #expect(error.retryable)
        // Far under the server's 60 s of silence, with room for a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(30))
        // The timed-out transfer's connection is closed, not left open.
        #expect(await server.server.waitFor("disconnected", timeout: .seconds(10)))
    }

    @Test(arguments: Kind.allCases)
    func aStreamThatGoesSilentTripsTheIdleTimeoutWithoutRetry(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.sse(kind.opening, end: .hang))
        // Long enough that a loaded machine delivers the first bytes well inside it.
        let outcome = await collect(kind.provider(server.baseURL, idle: .seconds(2)).stream(ask))
        #expect(outcome.deltas == [.text("Hel")])
        #expect(outcome.providerError?.message.contains("idle_timeout") == true)
        #expect(server.requests.count == 1)
    }

    @Test(arguments: Kind.allCases)
    func aRefusedConnectionIsRetriedThenReported(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.silence)
        let url = server.baseURL
        server.server.stop()
        let outcome = await collect(kind.provider(url).stream(ask))
        #expect(outcome.retries.count == 2)
        let error = try #require(outcome.providerError)
        #expect(error.message.hasPrefix("the request failed (connect)"))
        #expect(error.status == nil)
    }

    @Test(arguments: Kind.allCases)
    func cancellingTheConsumerMidStreamDisconnectsFromTheServer(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.sse(kind.opening, end: .hang))
        let provider = kind.provider(server.baseURL)
        let task = Task {
            var seen: [LLMDelta] = []
            for try await delta in provider.stream(ask) {
                seen.append(delta)
                server.server.note("token")
            }
            return seen
        }
        #expect(await server.server.waitFor("token", timeout: .seconds(30)))
        task.cancel()
        #expect(await server.server.waitFor("disconnected", timeout: .seconds(10)))
        // A cancelled AsyncThrowingStream just ends (or throws CancellationError): never a finish.
        let seen = (try? await task.value) ?? []
        #expect(!seen.contains { if case .finish = $0 { true } else { false } })
    }

    @Test(arguments: Kind.allCases)
    func droppingTheStreamMidWayAlsoDisconnects(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.sse(kind.opening, end: .hang))
        do {
            var iterator = kind.provider(server.baseURL).stream(ask).makeAsyncIterator()
            #expect(try await iterator.next() == .text("Hel"))
        }
        #expect(await server.server.waitFor("disconnected", timeout: .seconds(10)))
    }

    @Test(arguments: Kind.allCases)
    func theKeyAppearsInNoErrorOrRetryReason(_ kind: Kind) async throws {
        let echo = #"{"error":{"message":"bad key \#(TestKeys.secret)","type":"\#(TestKeys.secret)","status":"\#(TestKeys.secret)"}}"#
        for status in [401, 500] {
            let server = try FakeLLMServer(Replies.error(status, echo))
            let outcome = await collect(kind.provider(server.baseURL).stream(ask))
            let error = try #require(outcome.error)
            for text in renderings(error) { #expect(!text.contains(TestKeys.secret)) }
            for case .retrying(_, let reason, _) in outcome.deltas { #expect(!reason.contains(TestKeys.secret)) }
        }
        let provider = kind.provider("http://127.0.0.1:1")
        #expect(!String(describing: provider).contains(TestKeys.secret))
        #expect(!String(reflecting: provider).contains(TestKeys.secret))
    }

    @Test(arguments: Kind.allCases)
    func consecutiveCallsReuseTheClientAndBothComplete(_ kind: Kind) async throws {
        let server = try FakeLLMServer(Replies.sse(kind.complete))
        let provider = kind.provider(server.baseURL)
        for _ in 0..<3 {
            let outcome = await collect(provider.stream(ask))
            #expect(outcome.error == nil)
            #expect(outcome.deltas.last == .finish(.endTurn))
        }
        #expect(server.requests.count == 3)
    }
}
