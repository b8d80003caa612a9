import Foundation
import HTTP
import JSON

/// Turns what went wrong on the wire into a `ProviderError` with the
/// provider's own message — and never the key.
enum ProviderFailure {
    /// An error response. Understands the OpenAI/Anthropic/Gemini shape
    /// `{"error":{"message",…}}`, vLLM's flat `{"object":"error","message",…}`
    /// and a Gemini array wrapper; anything else shows a short body excerpt.
    static func response(provider: String, status: Int, body: [UInt8], secrets: [String]) -> ProviderError {
        let json = try? JSONParser.parse(body)
        let (message, type) = json.map(describe) ?? (nil, nil)
        let text = message ?? excerpt(body).map { "HTTP \(status): \($0)" } ?? "HTTP \(status) with no error message"
        return ProviderError(
            provider: provider, message: Redaction.scrub(text, secrets: secrets), status: status,
            retryable: RetryPolicy.isRetryable(status: status), errorType: type.map { Redaction.scrub($0, secrets: secrets) })
    }

    /// An error object sent inside a stream that had already started with 200.
    static func inStream(provider: String, _ json: JSONValue, retryableTypes: Set<String> = []) -> ProviderError {
        let (message, type) = describe(json)
        let status = json["error"]?["code"]?.intValue.map(Int.init)
        let retryable = type.map(retryableTypes.contains) ?? false || status.map(RetryPolicy.isRetryable) ?? false
        return ProviderError(provider: provider, message: message ?? "the stream reported an error", status: status, retryable: retryable, errorType: type)
    }

    /// A transport failure, before or during the stream.
    static func transport(provider: String, _ error: HTTPError, midStream: Bool, secrets: [String]) -> ProviderError {
        let what = midStream ? "the connection failed mid-stream" : "the request failed"
        return ProviderError(provider: provider, message: Redaction.scrub("\(what) (\(error.code)): \(error.message)", secrets: secrets), retryable: error.isTransient)
    }

    static func describe(_ json: JSONValue) -> (message: String?, type: String?) {
        var root = json
        if let first = json.arrayValue?.first { root = first }
        let error = root["error"].flatMap { $0.objectValue != nil ? $0 : nil } ?? root
        let message = error["message"]?.stringValue
        let type = error["type"]?.stringValue ?? error["status"]?.stringValue ?? error["code"]?.stringValue
        return (message, type)
    }

    static func excerpt(_ body: [UInt8]) -> String? {
        let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
