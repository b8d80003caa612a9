/// JSON already encoded: `JSONBytesEncoder` writes these bytes as they are, so
/// a value encoded once (an event when it is stored) can be sent many times
/// without being parsed and written again.
///
/// The contract: `bytes` are exactly one JSON value in UTF-8, compact, with
/// no whitespace (above all no newline, the framing of line-delimited
/// JSON-RPC) before or after it. `init(validating:)` enforces it for bytes
/// from elsewhere; `init(unchecked:)` is for bytes our own writers made.
///
/// Two values are equal when their bytes are, so `{"a":1,"b":2}` and
/// `{"b":2,"a":1}` differ. Other encoders (Foundation's) get the parsed value;
/// decoding captures the value and stores it as `JSONWriter` writes it.
public struct RawJSON: Sendable, Hashable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// Bytes produced by `JSONWriter` or `JSONBytesEncoder`, taken as they are
    /// (checked only in debug builds).
    public init(unchecked bytes: [UInt8]) {
        assert((try? JSONParser.parse(bytes)) != nil && bytes.first.map(Self.isNotWhitespace) == true
            && bytes.last.map(Self.isNotWhitespace) == true, "RawJSON(unchecked:) given bytes that are not one compact JSON value")
        self.bytes = bytes
    }

    /// Bytes from elsewhere: parsed (strictly, see `JSONParser`) and stored as
    /// `JSONWriter` writes the value (compact, keys sorted).
    public init(validating bytes: some Collection<UInt8>) throws(JSONParseError) {
        self.init(try JSONParser.parse(bytes))
    }

    public init(validating text: String) throws(JSONParseError) {
        try self.init(validating: Array(text.utf8))
    }

    public init(_ value: JSONValue) {
        bytes = JSONWriter.encode(value)
    }

    /// The value encoded by `JSONBytesEncoder`.
    public init<T: Encodable>(encoding value: T) throws {
        bytes = try JSONBytesEncoder().encode(value)
    }

    /// The value, parsed again.
    public func parsed() throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(JSONValue.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if encoder is BytesEncoder {
            try container.encode(self)
        } else {
            try container.encode(parsed())
        }
    }

    private static func isNotWhitespace(_ byte: UInt8) -> Bool {
        byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09
    }
}
