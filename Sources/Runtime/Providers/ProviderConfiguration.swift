import HTTP

/// What a network provider needs to reach its API: where, with which key,
/// which model by default, and its limits. The key is never shown: the
/// description, debug description and mirror all hide it.
public struct ProviderConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API root, e.g. `https://api.openai.com/v1`, `https://api.anthropic.com`.
    public var baseURL: String
    public var apiKey: String?
    /// Used when a request names no model.
    public var model: String
    /// Used when a request sets none.
    public var temperature: Double?
    public var maxTokens: Int?
    public var retry: RetryPolicy
    public var timeouts: HTTPTimeouts
    public var maxResponseBytes: Int
    /// Added to every request (e.g. `OpenAI-Organization`, `anthropic-beta`).
    public var extraHeaders: HTTPHeaders

    public init(
        baseURL: String, apiKey: String?, model: String, temperature: Double? = nil, maxTokens: Int? = nil,
        retry: RetryPolicy = RetryPolicy(), timeouts: HTTPTimeouts = ProviderConfiguration.defaultTimeouts,
        maxResponseBytes: Int = 32 << 20, extraHeaders: HTTPHeaders = [:]
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.retry = retry
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
        self.extraHeaders = extraHeaders
    }

    /// Connect 10 s; 10 min in all (the SDKs' default); 3 min without a byte,
    /// since slow reasoning models may think quietly before the first token.
    public static let defaultTimeouts = HTTPTimeouts(connect: .seconds(10), total: .seconds(600), idle: .seconds(180))

    /// Secrets to scrub from anything shown: the key, if any.
    var secrets: [String] { apiKey.map { [$0] } ?? [] }

    /// `baseURL` without trailing slashes, with `path` appended.
    func url(_ path: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    public var description: String {
        "ProviderConfiguration(baseURL: \(baseURL), model: \(model), apiKey: \(apiKey == nil ? "none" : "***"))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "model": model, "apiKey": apiKey == nil ? "none" : "***", "retry": retry, "timeouts": timeouts], displayStyle: .struct)
    }
}
