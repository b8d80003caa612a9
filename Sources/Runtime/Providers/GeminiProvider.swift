import HTTP
import JSON

/// Google's Gemini API: `POST {base}/v1beta/models/{model}:streamGenerateContent?alt=sse`
/// with the key in `x-goog-api-key` (never in the URL, so it cannot leak
/// through a logged URL). Roles are `user` and `model`; function responses
/// go back in a user turn.
public struct GeminiProvider: LLMProvider {
    public let name = "gemini"
    public let configuration: ProviderConfiguration
    let client: HTTPClient

    /// Prefix of ids made up for calls the server sent without one.
    public static let syntheticIDPrefix = "gemini_call_"

    @Sendable public static func syntheticCallID() -> String {
        syntheticIDPrefix + String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }

    public init(configuration: ProviderConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    public func stream(_ request: LLMRequest) -> AsyncThrowingStream<LLMDelta, any Error> {
        StreamingCall(provider: name, configuration: configuration, client: client, request: httpRequest(for: request), decoder: GeminiStreamDecoder()).start()
    }

    /// The exact HTTP request sent for `request`.
    public func httpRequest(for request: LLMRequest) -> HTTPRequest {
        var model = request.model.isEmpty ? configuration.model : request.model
        if model.hasPrefix("models/") { model.removeFirst("models/".count) }
        let base = configuration.url("")
        let version = ["/v1beta", "/v1", "/v1alpha"].contains { base.hasSuffix($0) } ? "" : "/v1beta"
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let key = configuration.apiKey { headers.add("x-goog-api-key", key) }
        return configuration.post(base + "\(version)/models/\(model):streamGenerateContent?alt=sse", headers: headers, body: body(for: request))
    }

    public func body(for request: LLMRequest) -> JSONValue {
        var body: [String: JSONValue] = ["contents": .array(Self.contents(request.messages))]
        let system = request.messages.filter { $0.role == .system }.map(\.content).filter { !$0.isEmpty }
        if !system.isEmpty { body["systemInstruction"] = ["parts": [["text": .string(system.joined(separator: "\n\n"))]]] }
        var generation: [String: JSONValue] = [:]
        if let temperature = request.temperature ?? configuration.temperature { generation["temperature"] = .double(temperature) }
        if let maxTokens = request.maxTokens ?? configuration.maxTokens { generation["maxOutputTokens"] = .int(Int64(maxTokens)) }
        if !generation.isEmpty { body["generationConfig"] = .object(generation) }
        if !request.tools.isEmpty {
            // parametersJsonSchema takes plain JSON Schema, which is what tools declare;
            // `parameters` accepts only an OpenAPI subset.
            body["tools"] = [["functionDeclarations": .array(request.tools.map {
                ["name": .string($0.name), "description": .string($0.description), "parametersJsonSchema": $0.inputSchema]
            })]]
            switch request.toolChoice {
            case nil: break
            case "auto": body["toolConfig"] = ["functionCallingConfig": ["mode": "AUTO"]]
            case "none": body["toolConfig"] = ["functionCallingConfig": ["mode": "NONE"]]
            case "required": body["toolConfig"] = ["functionCallingConfig": ["mode": "ANY"]]
            case let name?: body["toolConfig"] = ["functionCallingConfig": ["mode": "ANY", "allowedFunctionNames": [.string(name)]]]
            }
        }
        return .object(body)
    }

    /// Our conversation as Gemini `contents`; consecutive same-role turns merge
    /// so all responses to a turn's parallel calls share one user turn.
    static func contents(_ conversation: [ChatMessage]) -> [JSONValue] {
        var out: [(role: String, parts: [JSONValue])] = []
        var callNames: [String: String] = [:]
        func append(_ role: String, _ parts: [JSONValue]) {
            guard !parts.isEmpty else { return }
            if out.last?.role == role { out[out.count - 1].parts += parts } else { out.append((role, parts)) }
        }
        for message in conversation {
            switch message.role {
            case .system:
                continue
            case .user:
                var parts: [JSONValue] = message.content.isEmpty ? [] : [["text": .string(message.content)]]
                for image in message.loadedImages {
                    parts.append(["inlineData": ["mimeType": .string(image.mimeType), "data": .string(image.data)]])
                }
                append("user", parts)
            case .assistant:
                var parts: [JSONValue] = message.content.isEmpty ? [] : [["text": .string(message.content)]]
                for call in message.toolCalls ?? [] {
                    callNames[call.id] = call.name
                    var functionCall: [String: JSONValue] = ["name": .string(call.name), "args": call.arguments.objectValue != nil ? call.arguments : [:]]
                    if !call.id.hasPrefix(syntheticIDPrefix) { functionCall["id"] = .string(call.id) }
                    var part: [String: JSONValue] = ["functionCall": .object(functionCall)]
                    // Thinking models need the signature back with the call.
                    if let signature = call.thoughtSignature { part["thoughtSignature"] = .string(signature) }
                    parts.append(.object(part))
                }
                append("model", parts)
            case .tool:
                let id = message.toolCallID ?? ""
                var response: [String: JSONValue] = [
                    "name": .string(message.name ?? callNames[id] ?? ""),
                    "response": ["result": .string(message.content)],
                ]
                if !id.isEmpty, !id.hasPrefix(syntheticIDPrefix) { response["id"] = .string(id) }
                append("user", [["functionResponse": .object(response)]])
            }
        }
        return out.map { ["role": .string($0.role), "parts": .array($0.parts)] }
    }
}
