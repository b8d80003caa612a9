/// Decodes `Decodable` types straight from a `JSONValue` tree, with no bytes in
/// between. Errors are the `DecodingError`s Foundation's `JSONDecoder` throws
/// for the same input, with the same coding paths (so `JSONDecodingFailure`
/// names `params.agent.max_steps`), except that a number that is not an
/// integer, or does not fit, is reported at its own path.
///
/// `decodeIfPresent` treats null and absent alike; integers refuse fractions
/// and numbers out of range (`3.0` is 3); `Date` decodes as Foundation's
/// default (seconds since 2001 as a number) and `Data` from base64.
public struct JSONValueDecoder: Sendable {
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        let decoder = ValueDecoder(value, userInfo: userInfo.isEmpty ? [:] : userInfo.mapValues { $0 as Any })
        return try decoder.decodeCurrent(T.self)
    }
}

/// The one `Decoder` of a decode: it holds the value being decoded and the
/// coding path to it, pushed and popped as nested values are decoded, the way
/// Foundation's decoder does (one allocation per decode, not per value).
final class ValueDecoder: Decoder {
    var value: JSONValue
    var codingPath: [any CodingKey] = []
    let userInfo: [CodingUserInfoKey: Any]

    init(_ value: JSONValue, userInfo: [CodingUserInfoKey: Any], codingPath: [any CodingKey] = []) {
        self.value = value
        self.userInfo = userInfo
        self.codingPath = codingPath
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else {
            throw Self.containerMismatch([String: Any].self, value, at: codingPath, what: "keyed decoding container")
        }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(decoder: self, object: object, depth: codingPath.count, extra: []))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let array) = value else {
            throw Self.containerMismatch([Any].self, value, at: codingPath, what: "unkeyed decoding container")
        }
        return UnkeyedValueContainer(decoder: self, array: array, depth: codingPath.count, extra: [])
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(decoder: self, value: value, depth: codingPath.count)
    }

    // MARK: Nesting

    /// The path of a container made at `depth` (plus the keys of the nested
    /// containers it came from): valid while the decode that made it runs.
    func path(_ depth: Int, _ extra: [any CodingKey]) -> [any CodingKey] {
        if extra.isEmpty && codingPath.count == depth { return codingPath }
        return Array(codingPath.prefix(depth)) + extra
    }

    /// Decodes the value the decoder holds now, without a step in the path.
    func decodeCurrent<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        if T.self == RawJSON.self { return RawJSON(value) as! T }
        if let data: T = try Self.decodeIfData(T.self, from: value, at: codingPath) { return data }
        return try T(from: self)
    }

    /// Decodes `child`, found under `key` in a container at `depth`.
    func decodeChild<T: Decodable>(_ type: T.Type, _ child: JSONValue, key: some CodingKey, depth: Int, extra: [any CodingKey]) throws -> T {
        if T.self == JSONValue.self { return child as! T }
        let saved = value
        value = child
        defer { value = saved }
        if extra.isEmpty && codingPath.count == depth {
            codingPath.append(key)
            defer { codingPath.removeLast() }
            return try decodeCurrent(T.self)
        }
        let savedPath = codingPath
        codingPath = Array(codingPath.prefix(depth)) + extra + [key]
        defer { codingPath = savedPath }
        return try decodeCurrent(T.self)
    }

    // MARK: Errors

    static func containerMismatch(_ type: Any.Type, _ value: JSONValue, at path: [any CodingKey], what: String) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Cannot get \(what) -- found null value instead"))
        }
        return typeMismatch(type, value, at: path)
    }

    static func typeMismatch(_ type: Any.Type, _ value: JSONValue, at path: [any CodingKey]) -> DecodingError {
        let found: String
        switch value {
        case .null: found = "null"
        case .bool: found = "bool"
        case .int, .double: found = "number"
        case .string: found = "a string"
        case .array: found = "an array"
        case .object: found = "a dictionary"
        }
        return DecodingError.typeMismatch(type, .init(codingPath: path, debugDescription: "Expected to decode \(type) but found \(found) instead."))
    }

    static func mismatchOrNull(_ type: Any.Type, _ value: JSONValue, at path: [any CodingKey]) -> DecodingError {
        if case .null = value {
            return DecodingError.valueNotFound(type, .init(codingPath: path, debugDescription: "Cannot get value of type \(type) -- found null value instead"))
        }
        return typeMismatch(type, value, at: path)
    }

    // MARK: Scalars

    static func unboxBool(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Bool {
        if case .bool(let b) = value { return b }
        throw mismatchOrNull(Bool.self, value, at: path())
    }

    static func unboxString(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> String {
        if case .string(let s) = value { return s }
        throw mismatchOrNull(String.self, value, at: path())
    }

    static func unboxDouble(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .double(let d): return d
        case .int(let i): return Double(i)
        default: throw mismatchOrNull(Double.self, value, at: path())
        }
    }

    static func unboxFloat(_ value: JSONValue, at path: @autoclosure () -> [any CodingKey]) throws -> Float {
        let d = try unboxDouble(value, at: path())
        let f = Float(d)
        if f.isInfinite {
            throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Number \(numberText(value)) does not fit in Float."))
        }
        return f
    }

    /// Whole numbers only (`3.0` is 3, `3.5` the wrong type), within `I`'s range.
    static func unboxInteger<I: FixedWidthInteger>(_ value: JSONValue, as type: I.Type, at path: @autoclosure () -> [any CodingKey]) throws -> I {
        switch value {
        case .int(let i):
            if let exact = I(exactly: i) { return exact }
        case .double(let d):
            if let exact = I(exactly: d) { return exact }
            if d.rounded(.towardZero) != d {
                throw DecodingError.typeMismatch(I.self, .init(codingPath: path(), debugDescription: "Expected to decode \(I.self) but found the fraction \(numberText(value)) instead."))
            }
        default:
            throw mismatchOrNull(I.self, value, at: path())
        }
        throw DecodingError.dataCorrupted(.init(codingPath: path(), debugDescription: "Number \(numberText(value)) does not fit in \(I.self)."))
    }

    static func numberText(_ value: JSONValue) -> String {
        String(decoding: JSONWriter.encode(value), as: UTF8.self)
    }
}
