/// What the first and last bytes of a JSON-RPC message too long to parse
/// say about it: the top-level keys readable from either end and, when one
/// of them is `id` with a string or integer value, the id. Enough to tell a
/// request from a response and to find the request an over-long answer
/// belongs to. Only the outermost object is read; nested values are skipped
/// forwards and end the backward reading, so an `id` inside `result` never
/// counts.
public struct MessageSketch: Sendable, Equatable {
    public var id: RequestID?
    public var keys: Set<String> = []

    public var isRequest: Bool { keys.contains("method") }
    public var isResponse: Bool { !isRequest && (keys.contains("result") || keys.contains("error")) }

    public init(_ line: OversizedLine) {
        var forward = Forward(line.head)
        forward.read(into: &self)
        var backward = Backward(line.tail)
        backward.read(into: &self)
    }

    fileprivate mutating func note(_ key: String, value: ArraySlice<UInt8>?) {
        keys.insert(key)
        if key == "id", id == nil, let value, let parsed = try? JSONParser.parse(Array(value)) { id = RequestID(parsed) }
    }

    fileprivate static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

    /// Bytes of numbers and of `true`, `false`, `null`.
    fileprivate static func isScalar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "E"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."): true
        default: false
        }
    }

    /// A JSON string literal (quotes included) as text, escapes decoded.
    fileprivate static func text(_ literal: ArraySlice<UInt8>) -> String? {
        (try? JSONParser.parse(Array(literal)))?.stringValue
    }
}

/// Reads members from the start of the outer object until one runs past the end.
private struct Forward {
    let bytes: [UInt8]
    var i = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func read(into sketch: inout MessageSketch) {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return }
        i += 1
        while true {
            skipSpace()
            let keyStart = i
            guard skipString(), let key = MessageSketch.text(bytes[keyStart..<i]) else { return }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return }
            i += 1
            skipSpace()
            let valueStart = i
            let complete = skipValue()
            // A value cut off by the end still tells what kind of message this is.
            sketch.note(key, value: complete ? bytes[valueStart..<i] : nil)
            guard complete else { return }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ",") else { return }
            i += 1
        }
    }

    mutating func skipSpace() {
        while i < bytes.count && MessageSketch.isSpace(bytes[i]) { i += 1 }
    }

    /// Past a string starting at `i`; false if it is not one or does not end here.
    mutating func skipString() -> Bool {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return false }
        i += 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): i += 1; return true
            default: i += 1
            }
        }
        return false
    }

    /// Past any value; false if it does not end within the bytes.
    mutating func skipValue() -> Bool {
        guard i < bytes.count else { return false }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            return skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    guard skipString() else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { i += 1; return true }
                default: break
                }
                i += 1
            }
            return false
        default:
            let start = i
            while i < bytes.count && MessageSketch.isScalar(bytes[i]) { i += 1 }
            // A number that reaches the end may go on beyond it.
            return i > start && i < bytes.count
        }
    }
}

/// Reads members from the end of the outer object while their values are
/// strings, numbers or literals (a nested value cannot be matched backwards
/// from a cut-off start).
private struct Backward {
    let bytes: [UInt8]
    var j: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        j = bytes.count - 1
    }

    mutating func read(into sketch: inout MessageSketch) {
        skipSpace()
        guard j >= 0, bytes[j] == UInt8(ascii: "}") else { return }
        j -= 1
        while true {
            skipSpace()
            guard j >= 0 else { return }
            let valueEnd = j
            if bytes[j] == UInt8(ascii: "\"") {
                guard let start = stringStart(endingAt: j) else { return }
                j = start - 1
            } else if MessageSketch.isScalar(bytes[j]) {
                while j >= 0 && MessageSketch.isScalar(bytes[j]) { j -= 1 }
            } else {
                return
            }
            guard j >= 0 else { return }
            let value = bytes[(j + 1)...valueEnd]
            skipSpace()
            guard j >= 0, bytes[j] == UInt8(ascii: ":") else { return }
            j -= 1
            skipSpace()
            guard j >= 0, bytes[j] == UInt8(ascii: "\""), let keyStart = stringStart(endingAt: j),
                  let key = MessageSketch.text(bytes[keyStart...j]) else { return }
            sketch.note(key, value: value)
            j = keyStart - 1
            skipSpace()
            guard j >= 0, bytes[j] == UInt8(ascii: ",") else { return }
            j -= 1
        }
    }

    mutating func skipSpace() {
        while j >= 0 && MessageSketch.isSpace(bytes[j]) { j -= 1 }
    }

    /// The opening quote of the string whose closing quote is at `end`: the
    /// nearest quote before it not escaped by an odd run of backslashes.
    func stringStart(endingAt end: Int) -> Int? {
        var p = end - 1
        while p >= 0 {
            if bytes[p] == UInt8(ascii: "\"") {
                var slashes = 0
                while p - 1 - slashes >= 0 && bytes[p - 1 - slashes] == UInt8(ascii: "\\") { slashes += 1 }
                // A run reaching the cut may be longer than we see: no answer then.
                if p - 1 - slashes < 0 { return nil }
                if slashes % 2 == 0 { return p }
            }
            p -= 1
        }
        return nil
    }
}
