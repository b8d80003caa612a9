// The containers of JSONValueDecoder: views of one object, array or value of
// the tree, reading members in place and handing nested values back to the
// decoder (which keeps the coding path).

/// A `Decodable` type read from a JSON object.
struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: ValueDecoder
    let object: [String: JSONValue]
    let depth: Int
    /// Keys below `depth` when this container came from `nestedContainer`.
    let extra: [any CodingKey]

    var codingPath: [any CodingKey] { decoder.path(depth, extra) }

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    private func member(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(
                codingPath: codingPath, debugDescription: "No value associated with key \(key) (\"\(key.stringValue)\")."))
        }
        return value
    }

    /// The member, or nil when it is absent or null.
    private func present(_ key: Key) -> JSONValue? {
        switch object[key.stringValue] {
        case nil, .null?: return nil
        case let value?: return value
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        if case .null = try member(key) { return true }
        return false
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try ValueDecoder.unboxBool(member(key), at: path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try ValueDecoder.unboxString(member(key), at: path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try ValueDecoder.unboxDouble(member(key), at: path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try ValueDecoder.unboxFloat(member(key), at: path(key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try integer(key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try integer(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try integer(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try integer(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try integer(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try integer(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try integer(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try integer(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try integer(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try integer(key) }

    private func integer<I: FixedWidthInteger>(_ key: Key) throws -> I {
        try ValueDecoder.unboxInteger(member(key), as: I.self, at: path(key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decodeChild(T.self, member(key), key: key, depth: depth, extra: extra)
    }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? {
        try present(key).map { try ValueDecoder.unboxBool($0, at: path(key)) }
    }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? {
        try present(key).map { try ValueDecoder.unboxString($0, at: path(key)) }
    }

    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? {
        try present(key).map { try ValueDecoder.unboxDouble($0, at: path(key)) }
    }

    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? {
        try present(key).map { try ValueDecoder.unboxInteger($0, as: Int.self, at: path(key)) }
    }

    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? {
        try present(key).map { try ValueDecoder.unboxInteger($0, as: Int64.self, at: path(key)) }
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = present(key) else { return nil }
        return try decoder.decodeChild(T.self, value, key: key, depth: depth, extra: extra)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let value = try member(key)
        guard case .object(let object) = value else {
            throw ValueDecoder.containerMismatch([String: Any].self, value, at: path(key), what: "keyed decoding container")
        }
        return KeyedDecodingContainer(KeyedValueContainer<NestedKey>(decoder: decoder, object: object, depth: depth, extra: extra + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let value = try member(key)
        guard case .array(let array) = value else {
            throw ValueDecoder.containerMismatch([Any].self, value, at: path(key), what: "unkeyed decoding container")
        }
        return UnkeyedValueContainer(decoder: decoder, array: array, depth: depth, extra: extra + [key])
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(object["super"] ?? .null, userInfo: decoder.userInfo, codingPath: codingPath + [JSONCodingKey.super])
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(object[key.stringValue] ?? .null, userInfo: decoder.userInfo, codingPath: path(key))
    }
}

/// A `Decodable` type (or a run of values) read from a JSON array.
struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let decoder: ValueDecoder
    let array: [JSONValue]
    let depth: Int
    let extra: [any CodingKey]
    private(set) var currentIndex = 0

    init(decoder: ValueDecoder, array: [JSONValue], depth: Int, extra: [any CodingKey]) {
        self.decoder = decoder
        self.array = array
        self.depth = depth
        self.extra = extra
    }

    var codingPath: [any CodingKey] { decoder.path(depth, extra) }
    var count: Int? { array.count }
    var isAtEnd: Bool { currentIndex >= array.count }

    private var indexPath: [any CodingKey] { codingPath + [JSONCodingKey(intValue: currentIndex)] }

    private func current(_ type: Any.Type) throws -> JSONValue {
        guard currentIndex < array.count else {
            throw DecodingError.valueNotFound(type, .init(codingPath: indexPath, debugDescription: "Unkeyed container is at end."))
        }
        return array[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard case .null = try current(Any?.self) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try advancing(ValueDecoder.unboxBool(current(Bool.self), at: indexPath)) }
    mutating func decode(_ type: String.Type) throws -> String { try advancing(ValueDecoder.unboxString(current(String.self), at: indexPath)) }
    mutating func decode(_ type: Double.Type) throws -> Double { try advancing(ValueDecoder.unboxDouble(current(Double.self), at: indexPath)) }
    mutating func decode(_ type: Float.Type) throws -> Float { try advancing(ValueDecoder.unboxFloat(current(Float.self), at: indexPath)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try advancing(integer()) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try advancing(integer()) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try advancing(integer()) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try advancing(integer()) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try advancing(integer()) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try advancing(integer()) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try advancing(integer()) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try advancing(integer()) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try advancing(integer()) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try advancing(integer()) }

    private func integer<I: FixedWidthInteger>() throws -> I {
        try ValueDecoder.unboxInteger(current(I.self), as: I.self, at: indexPath)
    }

    /// Moves past the current element once it decoded (a failed one stays current, as in Foundation).
    private mutating func advancing<T>(_ decoded: T) -> T {
        currentIndex += 1
        return decoded
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try current(T.self)
        let result = try decoder.decodeChild(T.self, value, key: JSONCodingKey(intValue: currentIndex), depth: depth, extra: extra)
        currentIndex += 1
        return result
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let value = try current([String: Any].self)
        guard case .object(let object) = value else {
            throw ValueDecoder.containerMismatch([String: Any].self, value, at: indexPath, what: "keyed decoding container")
        }
        let key = JSONCodingKey(intValue: currentIndex)
        currentIndex += 1
        return KeyedDecodingContainer(KeyedValueContainer<NestedKey>(decoder: decoder, object: object, depth: depth, extra: extra + [key]))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let value = try current([Any].self)
        guard case .array(let array) = value else {
            throw ValueDecoder.containerMismatch([Any].self, value, at: indexPath, what: "unkeyed decoding container")
        }
        let key = JSONCodingKey(intValue: currentIndex)
        currentIndex += 1
        return UnkeyedValueContainer(decoder: decoder, array: array, depth: depth, extra: extra + [key])
    }

    mutating func superDecoder() throws -> any Decoder {
        let value = try current(JSONValue.self)
        let decoder = ValueDecoder(value, userInfo: decoder.userInfo, codingPath: indexPath)
        currentIndex += 1
        return decoder
    }
}

/// One value: a scalar, or a type that decodes itself from the same value.
struct SingleValueContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    let value: JSONValue
    let depth: Int

    var codingPath: [any CodingKey] { decoder.path(depth, []) }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try ValueDecoder.unboxBool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try ValueDecoder.unboxString(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try ValueDecoder.unboxDouble(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try ValueDecoder.unboxFloat(value, at: codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    private func integer<I: FixedWidthInteger>() throws -> I {
        try ValueDecoder.unboxInteger(value, as: I.self, at: codingPath)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == JSONValue.self { return value as! T }
        // The type reads the decoder itself: point it back at this value.
        let saved = decoder.value
        decoder.value = value
        defer { decoder.value = saved }
        return try decoder.decodeCurrent(T.self)
    }
}
