/// Encodes `Encodable` values straight to compact JSON bytes, in one pass with
/// no tree in between.
///
/// Object members come in the order they are encoded (a synthesized
/// `Encodable` follows its `CodingKeys`); dictionaries are written with their
/// keys sorted, as `JSONWriter` does, so the same value always gives the same
/// bytes. Strings are escaped and numbers formatted exactly as `JSONWriter`
/// does; a non-finite `Double` is refused as Foundation refuses it.
/// `encodeIfPresent` leaves out nil, `encodeNil` writes `null`. `JSONValue`
/// is written as itself, `RawJSON` verbatim, `Data` as base64, `Date` as
/// Foundation's default (seconds since 2001).
///
/// Containers must be used in order: once something is written to an outer
/// container, the nested containers opened before are closed (every
/// synthesized and hand-written `encode(to:)` in this codebase works so).
public struct JSONBytesEncoder: Sendable {
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]

    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        try encode(value, into: &out)
        return out
    }

    /// Appends the encoding of `value` to `out` (which is left as it was on error).
    public func encode<T: Encodable>(_ value: T, into out: inout [UInt8]) throws {
        let start = out.count
        let writer = BytesWriter(userInfo: userInfo.isEmpty ? [:] : userInfo.mapValues { $0 as Any })
        swap(&out, &writer.out)
        defer { swap(&out, &writer.out) }
        do {
            try writer.encodeTopLevel(value)
        } catch {
            writer.out.removeSubrange(start...)
            throw error
        }
    }
}

/// The state of one encode: the bytes so far and the containers still open.
/// A container or encoder is a position in this stack (`frame`) plus the
/// `slot` it was opened for, so one used out of turn is caught, not misplaced.
///
/// Its state is only touched by the one thread running the encode, and no
/// access to it overlaps another (each method reads and writes it in turn),
/// so the run-time exclusivity checks (a sixth of the time, measured) are off.
final class BytesWriter {
    @exclusivity(unchecked) var out: [UInt8] = []
    let userInfo: [CodingUserInfoKey: Any]

    struct Frame {
        let slot: Int
        let isObject: Bool
        var count = 0
        /// The key this container sits under; nil at the top and for array elements.
        let key: (any CodingKey)?
    }

    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    /// A value begun (its key written) that nothing has been written to yet; 0 when none.
    @exclusivity(unchecked) var pending = 0
    @exclusivity(unchecked) var pendingKey: (any CodingKey)?
    private var lastSlot = 0
    /// The slot of a handle made after its turn had passed: it matches no
    /// frame and no pending value, so every write through it throws.
    static let spent = -1
    /// The first misuse seen where the Encoder API cannot throw (opening a container).
    var failure: (any Error)?

    init(userInfo: [CodingUserInfoKey: Any]) {
        self.userInfo = userInfo
        frames.reserveCapacity(8)
    }

    func newSlot() -> Int {
        lastSlot += 1
        return lastSlot
    }

    // MARK: Structure

    /// Makes the container at `frame` the innermost open one before it writes:
    /// a begun value that got nothing is written as `{}` (as Foundation writes
    /// an unused `superEncoder`), containers opened after it are closed.
    func resume(_ frame: Int, slot: Int) throws {
        if pending != 0 { fillEmpty() }
        while frames.count > frame + 1 { close() }
        guard frame >= 0, frame < frames.count, frames[frame].slot == slot else {
            throw EncodingError.invalidValue(slot, .init(
                codingPath: path(through: min(frame, frames.count - 1)),
                debugDescription: "JSONBytesEncoder writes in one pass: a container was used after a later one had been written to"))
        }
    }

    /// `resume` for the parts of the Encoder API that cannot throw: the error waits for the end.
    func tryResume(_ frame: Int, slot: Int) -> Bool {
        do {
            try resume(frame, slot: slot)
            return true
        } catch {
            if failure == nil { failure = error }
            return false
        }
    }

    func fillEmpty() {
        out.append(UInt8(ascii: "{"))
        out.append(UInt8(ascii: "}"))
        pending = 0
        pendingKey = nil
    }

    func open(isObject: Bool, slot: Int, key: (any CodingKey)?) {
        out.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(slot: slot, isObject: isObject, key: key))
    }

    func close() {
        out.append(frames.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
    }

    /// The container for `slot`: opened now if its value is still to be
    /// written, the same one if it is open already (a class and its superclass
    /// share an encoder), or -1 (and a failure) if its turn has passed.
    func container(slot: Int, depth: Int, isObject: Bool) -> Int {
        if pending == slot {
            let key = pendingKey
            pending = 0
            pendingKey = nil
            open(isObject: isObject, slot: slot, key: key)
            return frames.count - 1
        }
        if depth < frames.count, frames[depth].slot == slot, frames[depth].isObject == isObject { return depth }
        if failure == nil {
            failure = EncodingError.invalidValue(slot, .init(
                codingPath: path(forSlot: slot, depth: depth),
                debugDescription: "JSONBytesEncoder writes in one pass: an encoder was asked for a container after its value was written"))
        }
        return -1
    }

    func beginMember(_ key: String, in frame: Int) {
        if frames[frame].count > 0 { out.append(UInt8(ascii: ",")) }
        frames[frame].count += 1
        JSONWriter.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
    }

    func beginElement(in frame: Int) {
        if frames[frame].count > 0 { out.append(UInt8(ascii: ",")) }
        frames[frame].count += 1
    }

    // MARK: Values

    func encodeTopLevel<T: Encodable>(_ value: T) throws {
        if writeFast(value) { return }
        let slot = newSlot()
        pending = slot
        try encodeSlow(value, slot: slot)
        if pending == slot {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "Top-level \(T.self) did not encode any values."))
        }
        if pending != 0 { fillEmpty() }
        while !frames.isEmpty { close() }
        if let failure { throw failure }
    }

    /// Writes `value` at the position just begun in the innermost container.
    func encodeValue<T: Encodable>(_ value: T, key: @autoclosure () -> (any CodingKey)?) throws {
        if writeFast(value) { return }
        let depth = frames.count
        let slot = newSlot()
        pending = slot
        pendingKey = key()
        try encodeSlow(value, slot: slot)
        // A value that wrote nothing is `{}`, as in Foundation; what it opened closes with it.
        if pending != 0 { fillEmpty() }
        while frames.count > depth { close() }
    }

    /// Writes a value whose slot is pending.
    func encodeSlow<T: Encodable>(_ value: T, slot: Int) throws {
        if let dictionary = value as? any SortedKeysEncodable {
            let key = pendingKey
            pending = 0
            pendingKey = nil
            try dictionary.encodeSorted(into: self, key: key)
            return
        }
        try value.encode(to: BytesEncoder(writer: self, slot: slot, depth: frames.count))
    }

    /// The types written without their `encode(to:)`: scalars reached through
    /// generic code (array elements, optionals), and those JSON-native here.
    func writeFast<T>(_ value: T) -> Bool {
        if T.self == String.self {
            JSONWriter.writeString(value as! String, into: &out)
        } else if T.self == Int.self {
            JSONWriter.writeInteger(value as! Int, into: &out)
        } else if T.self == Bool.self {
            write(value as! Bool)
        } else if T.self == JSONValue.self {
            JSONWriter.write(value as! JSONValue, into: &out)
        } else if T.self == RawJSON.self {
            out.append(contentsOf: (value as! RawJSON).bytes)
        } else if T.self == Int64.self {
            JSONWriter.writeInteger(value as! Int64, into: &out)
        } else if T.self == Double.self, (value as! Double).isFinite {
            JSONWriter.writeDouble(value as! Double, into: &out)
        } else {
            return writeIfData(value)
        }
        return true
    }

    func write(_ value: Bool) {
        out.append(contentsOf: value ? "true".utf8 : "false".utf8)
    }

    func writeNull() {
        out.append(contentsOf: "null".utf8)
    }

    func write(_ value: Double, at path: @autoclosure () -> [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "Unable to encode Double.\(value) directly in JSON."))
        }
        JSONWriter.writeDouble(value, into: &out)
    }

    func write(_ value: Float, at path: @autoclosure () -> [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path(), debugDescription: "Unable to encode Float.\(value) directly in JSON."))
        }
        // Float's own shortest text (0.1, not 0.10000000149011612), integers as JSONWriter writes them.
        if value.rounded() == value, abs(value) < 1e15 {
            JSONWriter.writeInteger(Int64(value), into: &out)
        } else {
            out.append(contentsOf: "\(value)".utf8)
        }
    }

    // MARK: Paths (for errors)

    /// The coding path of the container at `frame`.
    func path(through frame: Int) -> [any CodingKey] {
        guard frame >= 1 else { return [] }
        return (1...min(frame, frames.count - 1)).map { frames[$0].key ?? JSONCodingKey(intValue: frames[$0 - 1].count - 1) }
    }

    /// The coding path of the encoder for `slot`, whose container sits at `depth`.
    func path(forSlot slot: Int, depth: Int) -> [any CodingKey] {
        if depth < frames.count, frames[depth].slot == slot { return path(through: depth) }
        guard depth >= 1, depth <= frames.count else { return [] }
        let own = pending == slot ? pendingKey : nil
        return path(through: depth - 1) + [own ?? JSONCodingKey(intValue: frames[depth - 1].count - 1)]
    }
}

/// Dictionaries whose keys become member names, written with the names sorted.
protocol SortedKeysEncodable {
    func encodeSorted(into writer: BytesWriter, key: (any CodingKey)?) throws
}

extension Dictionary: SortedKeysEncodable where Key: CodingKeyRepresentable, Value: Encodable {
    // Names and values in two arrays and a sorted permutation: this runs
    // unspecialized, where tuples of generic types cost a metadata lookup each.
    func encodeSorted(into writer: BytesWriter, key: (any CodingKey)?) throws {
        let names: [String] = Key.self == String.self ? unsafeBitCast(Array(keys), to: [String].self) : keys.map { $0.codingKey.stringValue }
        let values = Array(self.values)
        var order = Array(names.indices)
        order.sort { names[$0] < names[$1] }
        writer.open(isObject: true, slot: writer.newSlot(), key: key)
        let frame = writer.frames.count - 1
        for i in order {
            writer.beginMember(names[i], in: frame)
            try writer.encodeValue(values[i], key: JSONCodingKey(stringValue: names[i]))
        }
        writer.close()
    }
}
