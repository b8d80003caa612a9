import Foundation
import HTTP
import JSON

/// Chat Completions over any OpenAI-compatible server (OpenAI, Ollama, vLLM,
/// llama.cpp): `POST {base}/chat/completions`, streamed, with usage.
public struct OpenAIProvider: LLMProvider {
    public let name = "openai"
    public let configuration: ProviderConfiguration
    /// `max_completion_tokens` (OpenAI itself; counts reasoning tokens) or
    /// `max_tokens` (what compatible servers read).
    public let maxTokensField: String
    let client: HTTPClient

    public init(configuration: ProviderConfiguration, maxTokensField: String? = nil, client: HTTPClient = .shared) {
        self.configuration = configuration
        let isOpenAI = URLComponents(string: configuration.baseURL)?.host?.hasSuffix("api.openai.com") ?? false
        self.maxTokensField = maxTokensField ?? (isOpenAI ? "max_completion_tokens" : "max_tokens")
        self.client = client
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        StreamingCall(provider: name, configuration: configuration, client: client, request: httpRequest(for: request), decoder: OpenAIStreamDecoder()).start()
    }

    /// The exact HTTP request sent for `request`.
    public func httpRequest(for request: LLMRequest) -> HTTPRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": "text/event-stream"]
        // Local servers (Ollama, llama.cpp) need no key.
        if let key = configuration.apiKey, !key.isEmpty { headers.add("Authorization", "Bearer \(key)") }
        return configuration.post(configuration.url("/chat/completions"), headers: headers, body: body(for: request))
    }

    public func body(for request: LLMRequest) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(request.model.isEmpty ? configuration.model : request.model),
            "messages": .array(request.messages.map(Self.message)),
            "stream": true,
            "stream_options": ["include_usage": true],
        ]
        if let temperature = request.temperature ?? configuration.temperature { body["temperature"] = .double(temperature) }
        if let maxTokens = request.maxTokens ?? configuration.maxTokens { body[maxTokensField] = .int(Int64(maxTokens)) }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { tool in
                ["type": "function", "function": ["name": .string(tool.name), "description": .string(tool.description), "parameters": tool.inputSchema]]
            })
            switch request.toolChoice {
            case nil: break
            case let mode? where ["auto", "none", "required"].contains(mode): body["tool_choice"] = .string(mode)
            case let name?: body["tool_choice"] = ["type": "function", "function": ["name": .string(name)]]
            }
        }
        return .object(body)
    }

    static func message(_ message: ChatMessage) -> JSONValue {
        switch message.role {
        case .system, .user:
            let images = message.loadedImages
            guard !images.isEmpty else { return ["role": .string(message.role.rawValue), "content": .string(message.content)] }
            // Content parts: the text, then each image as a data URL.
            var parts: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
            for image in images {
                parts.append(["type": "image_url", "image_url": ["url": .string("data:\(image.mimeType);base64,\(image.data)")]])
            }
            return ["role": .string(message.role.rawValue), "content": .array(parts)]
        case .assistant:
            var out: [String: JSONValue] = ["role": "assistant", "content": .string(message.content)]
            if let calls = message.toolCalls, !calls.isEmpty {
                // "content": "" rather than null: llama.cpp's server answers null with a 500.
                out["tool_calls"] = .array(calls.map { call in
                    ["id": .string(call.id), "type": "function", "function": ["name": .string(call.name), "arguments": .string(Self.argumentsText(call.arguments))]]
                })
            }
            return .object(out)
        case .tool:
            return ["role": "tool", "tool_call_id": .string(message.toolCallID ?? ""), "content": .string(message.content)]
        }
    }

    /// `arguments` travel as a JSON string; raw text the model produced stays as it was.
    static func argumentsText(_ arguments: JSONValue) -> String {
        if case .string(let raw) = arguments { return raw }
        return arguments.description
    }
}
