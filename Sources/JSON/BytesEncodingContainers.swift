// The Encoder and containers of JSONBytesEncoder: thin handles (a position in
// the writer's stack of open containers and the slot it was opened for) that
// write straight into the writer's bytes.

/// The encoder handed to `encode(to:)`: one value's position.
struct BytesEncoder: Encoder {
    let writer: BytesWriter
    let slot: Int
    /// Where this value's container sits (or will) in the writer's stack.
    let depth: Int

    var codingPath: [any CodingKey] { writer.path(forSlot: slot, depth: depth) }
    var userInfo: [CodingUserInfoKey: Any] { writer.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(KeyedBytesContainer(writer: writer, frame: writer.container(slot: slot, depth: depth, isObject: true), slot: slot))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedBytesContainer(writer: writer, frame: writer.container(slot: slot, depth: depth, isObject: false), slot: slot)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleBytesContainer(writer: writer, slot: slot, depth: depth)
    }
}

struct KeyedBytesContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: BytesWriter
    let frame: Int
    let slot: Int

    var codingPath: [any CodingKey] { writer.path(through: frame) }

    private func member(_ key: Key) throws {
        try writer.resume(frame, slot: slot)
        writer.beginMember(key.stringValue, in: frame)
    }

    mutating func encodeNil(forKey key: Key) throws { try member(key); writer.writeNull() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { try member(key); writer.write(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { try member(key); JSONWriter.writeString(value, into: &writer.out) }
    mutating func encode(_ value: Double, forKey key: Key) throws { try member(key); try writer.write(value, at: codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { try member(key); try writer.write(value, at: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try integer(value, key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try integer(value, key) }

    private func integer<I: FixedWidthInteger>(_ value: I, _ key: Key) throws {
        try member(key)
        JSONWriter.writeInteger(value, into: &writer.out)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try member(key)
        try writer.encodeValue(value, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let frame = nested(key, isObject: true)
        return KeyedEncodingContainer(KeyedBytesContainer<NestedKey>(writer: writer, frame: frame, slot: frame < 0 ? BytesWriter.spent : writer.frames[frame].slot))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let frame = nested(key, isObject: false)
        return UnkeyedBytesContainer(writer: writer, frame: frame, slot: frame < 0 ? BytesWriter.spent : writer.frames[frame].slot)
    }

    /// Opens a container under `key`; -1 if this container's turn has passed.
    private func nested(_ key: Key, isObject: Bool) -> Int {
        guard writer.tryResume(frame, slot: slot) else { return -1 }
        writer.beginMember(key.stringValue, in: frame)
        writer.open(isObject: isObject, slot: writer.newSlot(), key: key)
        return writer.frames.count - 1
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: JSONCodingKey.super) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key) }

    private func superEncoder(key: some CodingKey) -> any Encoder {
        guard writer.tryResume(frame, slot: slot) else { return BytesEncoder(writer: writer, slot: BytesWriter.spent, depth: frame + 1) }
        writer.beginMember(key.stringValue, in: frame)
        let slot = writer.newSlot()
        writer.pending = slot
        writer.pendingKey = key
        return BytesEncoder(writer: writer, slot: slot, depth: frame + 1)
    }
}

struct UnkeyedBytesContainer: UnkeyedEncodingContainer {
    let writer: BytesWriter
    let frame: Int
    let slot: Int

    var codingPath: [any CodingKey] { writer.path(through: frame) }

    var count: Int {
        frame >= 0 && frame < writer.frames.count && writer.frames[frame].slot == slot ? writer.frames[frame].count : 0
    }

    private func element() throws {
        try writer.resume(frame, slot: slot)
        writer.beginElement(in: frame)
    }

    private var elementPath: [any CodingKey] { codingPath + [JSONCodingKey(intValue: count - 1)] }

    mutating func encodeNil() throws { try element(); writer.writeNull() }
    mutating func encode(_ value: Bool) throws { try element(); writer.write(value) }
    mutating func encode(_ value: String) throws { try element(); JSONWriter.writeString(value, into: &writer.out) }
    mutating func encode(_ value: Double) throws { try element(); try writer.write(value, at: elementPath) }
    mutating func encode(_ value: Float) throws { try element(); try writer.write(value, at: elementPath) }
    mutating func encode(_ value: Int) throws { try integer(value) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    private func integer<I: FixedWidthInteger>(_ value: I) throws {
        try element()
        JSONWriter.writeInteger(value, into: &writer.out)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try element()
        try writer.encodeValue(value, key: nil)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let frame = nested(isObject: true)
        return KeyedEncodingContainer(KeyedBytesContainer<NestedKey>(writer: writer, frame: frame, slot: frame < 0 ? BytesWriter.spent : writer.frames[frame].slot))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let frame = nested(isObject: false)
        return UnkeyedBytesContainer(writer: writer, frame: frame, slot: frame < 0 ? BytesWriter.spent : writer.frames[frame].slot)
    }

    private func nested(isObject: Bool) -> Int {
        guard writer.tryResume(frame, slot: slot) else { return -1 }
        writer.beginElement(in: frame)
        writer.open(isObject: isObject, slot: writer.newSlot(), key: nil)
        return writer.frames.count - 1
    }

    mutating func superEncoder() -> any Encoder {
        guard writer.tryResume(frame, slot: slot) else { return BytesEncoder(writer: writer, slot: BytesWriter.spent, depth: frame + 1) }
        writer.beginElement(in: frame)
        let slot = writer.newSlot()
        writer.pending = slot
        writer.pendingKey = nil
        return BytesEncoder(writer: writer, slot: slot, depth: frame + 1)
    }
}

/// One value; writing a second, or writing after the value's turn, is an error.
struct SingleBytesContainer: SingleValueEncodingContainer {
    let writer: BytesWriter
    let slot: Int
    let depth: Int

    var codingPath: [any CodingKey] { writer.path(forSlot: slot, depth: depth) }

    private func begin() throws {
        guard writer.pending == slot else {
            throw EncodingError.invalidValue(slot, .init(
                codingPath: codingPath, debugDescription: "A single value container was written to twice, or after its turn"))
        }
        writer.pending = 0
        writer.pendingKey = nil
    }

    mutating func encodeNil() throws { try begin(); writer.writeNull() }
    mutating func encode(_ value: Bool) throws { try begin(); writer.write(value) }
    mutating func encode(_ value: String) throws { try begin(); JSONWriter.writeString(value, into: &writer.out) }
    mutating func encode(_ value: Double) throws {
        if !value.isFinite { try writer.write(value, at: codingPath) }
        try begin()
        try writer.write(value, at: [])
    }

    mutating func encode(_ value: Float) throws {
        if !value.isFinite { try writer.write(value, at: codingPath) }
        try begin()
        try writer.write(value, at: [])
    }
    mutating func encode(_ value: Int) throws { try integer(value) }
    mutating func encode(_ value: Int8) throws { try integer(value) }
    mutating func encode(_ value: Int16) throws { try integer(value) }
    mutating func encode(_ value: Int32) throws { try integer(value) }
    mutating func encode(_ value: Int64) throws { try integer(value) }
    mutating func encode(_ value: UInt) throws { try integer(value) }
    mutating func encode(_ value: UInt8) throws { try integer(value) }
    mutating func encode(_ value: UInt16) throws { try integer(value) }
    mutating func encode(_ value: UInt32) throws { try integer(value) }
    mutating func encode(_ value: UInt64) throws { try integer(value) }

    private func integer<I: FixedWidthInteger>(_ value: I) throws {
        try begin()
        JSONWriter.writeInteger(value, into: &writer.out)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        guard writer.pending == slot else { try begin(); return }
        if writer.writeFast(value) {
            writer.pending = 0
            writer.pendingKey = nil
            return
        }
        try writer.encodeSlow(value, slot: slot)
    }
}
