import Foundation
import HTTP
import RPC
import Runtime
import Testing

/// Against a real OpenAI-compatible server when one is given, e.g. the
/// llama.cpp server of EXTERNAL.md ("A real small LLM"):
/// `OI_TEST_OPENAI_BASE_URL=http://127.0.0.1:PORT/v1 OI_TEST_OPENAI_MODEL=… swift test --filter RealOpenAIServer`.
/// Plumbing, not wisdom: a 135M model's answers are weak. Serialized: that
/// server interrupts a streaming answer when another request arrives.
@Suite(.serialized, .enabled(if: RealServer.baseURL != nil, "set OI_TEST_OPENAI_BASE_URL to run"))
struct RealOpenAIServerProviderTests {
    let provider = OpenAIProvider(configuration: ProviderConfiguration(
        baseURL: RealServer.baseURL ?? "", apiKey: ProcessInfo.processInfo.environment["OI_TEST_OPENAI_API_KEY"],
        model: RealServer.model, maxTokens: 48, timeouts: HTTPTimeouts(connect: .seconds(5), total: .seconds(120), idle: .seconds(60))))

    @Test func aPlainAnswerStreamsTokensAndFinishes() async throws {
        let outcome = await collect(provider.stream(LLMRequest(model: "", messages: [.user("Say hello in three words.")])))
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.deltas.contains { if case .text = $0 { true } else { false } })
        #expect(outcome.deltas.contains { if case .finish = $0 { true } else { false } })
    }

    @Test func aForcedToolCallRoundTripsWithItsResult() async throws {
        let first = await collect(provider.stream(LLMRequest(model: "", messages: [.user("What is the weather in Paris?")], tools: [weatherTool], toolChoice: "get_weather")))
        #expect(first.error == nil, "\(String(describing: first.error))")
        let calls = first.deltas.compactMap { if case .toolCall(let call) = $0 { call } else { nil } }
        let call = try #require(calls.first, "\(first.deltas)")
        #expect(call.name == "get_weather")
        #expect(first.deltas.last == .finish(.toolUse))
        // The assistant turn goes back with "content": "" — null makes this server answer 500.
        let second = await collect(provider.stream(LLMRequest(model: "", messages: [
            .user("What is the weather in Paris?"),
            ChatMessage(role: .assistant, content: "", toolCalls: [call]),
            ChatMessage(role: .tool, content: "18°C, cloudy", toolCallID: call.id, name: call.name),
        ])))
        #expect(second.error == nil, "\(String(describing: second.error))")
        #expect(second.deltas.contains { if case .finish = $0 { true } else { false } })
    }
}

enum RealServer {
    static let baseURL = ProcessInfo.processInfo.environment["OI_TEST_OPENAI_BASE_URL"]
    static let model = ProcessInfo.processInfo.environment["OI_TEST_OPENAI_MODEL"] ?? "default"
}
