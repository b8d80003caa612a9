import HTTP
import JSON

/// Anthropic's Messages API: `POST {base}/v1/messages`, streamed. System
/// prompts go in the top-level `system` field; tool results travel as
/// `tool_result` blocks in the next user message.
public struct AnthropicProvider: LLMProvider {
    public let name = "anthropic"
    public let configuration: ProviderConfiguration
    let client: HTTPClient

    /// `max_tokens` is required by the API; this is used when nothing sets it.
    public static let defaultMaxTokens = 4096
    public static let apiVersion = "2023-06-01"

    public init(configuration: ProviderConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        StreamingCall(provider: name, configuration: configuration, client: client, request: httpRequest(for: request), decoder: AnthropicStreamDecoder()).start()
    }

    /// The exact HTTP request sent for `request`.
    public func httpRequest(for request: LLMRequest) -> HTTPRequest {
        var headers: HTTPHeaders = ["content-type": "application/json", "anthropic-version": Self.apiVersion, "accept": "text/event-stream"]
        if let key = configuration.apiKey { headers.add("x-api-key", key) }
        let path = configuration.baseURL.hasSuffix("/v1") || configuration.baseURL.hasSuffix("/v1/") ? "/messages" : "/v1/messages"
        return configuration.post(configuration.url(path), headers: headers, body: body(for: request))
    }

    public func body(for request: LLMRequest) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": .string(request.model.isEmpty ? configuration.model : request.model),
            "max_tokens": .int(Int64(request.maxTokens ?? configuration.maxTokens ?? Self.defaultMaxTokens)),
            "messages": .array(Self.messages(request.messages)),
            "stream": true,
        ]
        let system = request.messages.filter { $0.role == .system }.map(\.content).filter { !$0.isEmpty }
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        if let temperature = request.temperature ?? configuration.temperature { body["temperature"] = .double(temperature) }
        if !request.tools.isEmpty {
            body["tools"] = .array(request.tools.map { ["name": .string($0.name), "description": .string($0.description), "input_schema": $0.inputSchema] })
            switch request.toolChoice {
            case nil: break
            case "auto": body["tool_choice"] = ["type": "auto"]
            case "none": body["tool_choice"] = ["type": "none"]
            case "required": body["tool_choice"] = ["type": "any"]
            case let name?: body["tool_choice"] = ["type": "tool", "name": .string(name)]
            }
        }
        return .object(body)
    }

    /// Our flat conversation as alternating user/assistant messages of blocks.
    /// Consecutive same-role turns merge, so a turn's tool results and any
    /// following user text form one user message, results first.
    static func messages(_ conversation: [ChatMessage]) -> [JSONValue] {
        var out: [(role: String, blocks: [JSONValue])] = []
        func append(_ role: String, _ blocks: [JSONValue]) {
            guard !blocks.isEmpty else { return }
            if out.last?.role == role { out[out.count - 1].blocks += blocks } else { out.append((role, blocks)) }
        }
        for message in conversation {
            switch message.role {
            case .system:
                continue
            case .user:
                // Empty text blocks are rejected by the API.
                var blocks: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
                for image in message.loadedImages {
                    blocks.append(["type": "image", "source": ["type": "base64", "media_type": .string(image.mimeType), "data": .string(image.data)]])
                }
                append("user", blocks)
            case .assistant:
                var blocks: [JSONValue] = message.content.isEmpty ? [] : [["type": "text", "text": .string(message.content)]]
                for call in message.toolCalls ?? [] {
                    let input = call.arguments.objectValue != nil ? call.arguments : [:]
                    blocks.append(["type": "tool_use", "id": .string(call.id), "name": .string(call.name), "input": input])
                }
                append("assistant", blocks)
            case .tool:
                append("user", [["type": "tool_result", "tool_use_id": .string(message.toolCallID ?? ""), "content": .string(message.content)]])
            }
        }
        return out.map { ["role": .string($0.role), "content": .array($0.blocks)] }
    }
}
