import HTTP
import JSON

/// Turns one wire format's server-sent events into `LLMDelta`s: text as it
/// comes, tool calls once assembled whole, then usage and finish at the end.
/// Pure state machines, tested without I/O and benchmarked by `sse-bench`.
public protocol LLMStreamDecoder: Sendable {
    /// True once the format's own end marker was seen (`[DONE]`, `message_stop`).
    var isDone: Bool { get }
    /// Decodes one event; throws `ProviderError` for an error sent in the stream.
    mutating func decode(_ event: SSEEvent, emit: (LLMDelta) -> Void) throws
    /// The stream ended: emits what is left (calls, usage, finish), or throws
    /// if the answer was cut short.
    mutating func finish(emit: (LLMDelta) -> Void) throws
}

/// Helpers the decoders share.
enum StreamDecoding {
    /// Tool arguments as assembled text → a JSON value; empty means `{}`;
    /// text that is not JSON is kept as a string so the run can report it.
    static func arguments(_ raw: String) -> JSONValue {
        if raw.allSatisfy(\.isWhitespace) { return [:] }
        return (try? JSONParser.parse(raw)) ?? .string(raw)
    }

    static func json(_ event: SSEEvent, provider: String) throws -> JSONValue {
        do {
            return try JSONParser.parse(event.data)
        } catch {
            throw ProviderError(provider: provider, message: "the stream sent an event that is not JSON (\(error))")
        }
    }

    static func incomplete(_ provider: String) -> ProviderError {
        ProviderError(provider: provider, message: "the stream ended before the model finished its answer", retryable: true)
    }

    static func int(_ value: JSONValue?) -> Int64 { value?.intValue ?? 0 }
}
