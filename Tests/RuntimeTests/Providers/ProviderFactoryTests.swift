import HTTP
import Runtime
import Testing

@Suite struct ProviderFactoryTests {
    @Test func eachNameBuildsItsProviderWithDefaults() throws {
        let openai = try #require(try ProviderFactory.make(ProviderSettings(provider: "openai", apiKey: "sk-1")) as? OpenAIProvider)
        #expect(openai.configuration.baseURL == "https://api.openai.com/v1")
        #expect(openai.configuration.model == "gpt-4o-mini")
        #expect(openai.configuration.retry == .openAI)
        #expect(openai.maxTokensField == "max_completion_tokens")

        let anthropic = try #require(try ProviderFactory.make(ProviderSettings(provider: "anthropic", model: "claude-x", apiKey: "k", temperature: 0.3, maxTokens: 100)) as? AnthropicProvider)
        #expect(anthropic.configuration.model == "claude-x")
        #expect(anthropic.configuration.temperature == 0.3)
        #expect(anthropic.configuration.maxTokens == 100)
        #expect(anthropic.configuration.retry == .anthropic)

        let gemini = try #require(try ProviderFactory.make(ProviderSettings(provider: "gemini", apiKey: "k", retry: .noRetries)) as? GeminiProvider)
        #expect(gemini.configuration.baseURL == "https://generativelanguage.googleapis.com")
        #expect(gemini.configuration.retry == .noRetries)

        #expect(try ProviderFactory.make(ProviderSettings(provider: "mock")) is ScriptedProvider)
    }

    @Test func aLocalOpenAICompatibleServerNeedsNoKey() throws {
        let local = try #require(try ProviderFactory.make(ProviderSettings(provider: "openai", model: "smollm2", baseURL: "http://127.0.0.1:8080/v1")) as? OpenAIProvider)
        #expect(local.configuration.apiKey == nil)
        #expect(local.maxTokensField == "max_tokens")
        #expect(local.httpRequest(for: LLMRequest(model: "", messages: [.user("x")])).headers["authorization"] == nil)
    }

    @Test func missingKeysAndUnknownProvidersAreClearErrors() {
        #expect(throws: ProviderError.self) { try ProviderFactory.make(ProviderSettings(provider: "anthropic")) }
        #expect(throws: ProviderError.self) { try ProviderFactory.make(ProviderSettings(provider: "openai", apiKey: "")) }
        #expect(throws: ProviderError.self) { try ProviderFactory.make(ProviderSettings(provider: "llama")) }
    }

    @Test func settingsAndConfigurationsNeverShowTheKey() throws {
        let settings = ProviderSettings(provider: "anthropic", apiKey: TestKeys.secret)
        var dumpedSettings = ""
        dump(settings, to: &dumpedSettings)
        for text in [settings.description, String(reflecting: settings), dumpedSettings] {
            #expect(!text.contains(TestKeys.secret))
        }
        let provider = try ProviderFactory.make(settings)
        for text in [String(describing: provider), String(reflecting: provider), "\(provider)"] {
            #expect(!text.contains(TestKeys.secret))
        }
        var dumped = ""
        dump(provider, to: &dumped)
        #expect(!dumped.contains(TestKeys.secret))
        let request = try #require(provider as? AnthropicProvider).httpRequest(for: LLMRequest(model: "", messages: [.user("x")]))
        var dumpedRequest = ""
        dump(request, to: &dumpedRequest)
        for text in [request.description, String(reflecting: request), dumpedRequest] {
            #expect(!text.contains(TestKeys.secret))
        }
    }
}
