/// Validates JSON text before it is stored. JSON crosses the Store API as
/// text; PostgreSQL's `jsonb` refuses `\u0000` and unpaired surrogate escapes,
/// so both backends refuse them here and behave the same. Columns that keep
/// JSON as text on both backends (events, checkpoints, run results: model and
/// tool output may hold U+0000) pass `allowNUL`.
/// Note: PostgreSQL returns `jsonb` re-serialised (key order and spacing may
/// change); callers compare JSON by value, not by bytes.
public enum JSONText {
    /// Throws `.invalidInput` naming `field` unless `text` is one valid JSON value.
    public static func validate(_ text: String, field: String, allowNUL: Bool = false) throws {
        var checker = Checker(bytes: Array(text.utf8), allowNUL: allowNUL)
        do {
            try checker.skipSpace()
            try checker.value(depth: 0)
            try checker.skipSpace()
            guard checker.atEnd else { throw checker.fail("unexpected text after the JSON value") }
        } catch let failure as Failure {
            throw StoreError(.invalidInput, "\(field) is not valid JSON: \(failure.reason) at byte \(failure.offset)", field: field)
        }
    }

    public static func validateOptional(_ text: String?, field: String) throws {
        if let text { try validate(text, field: field) }
    }

    struct Failure: Error {
        let reason: String
        let offset: Int
    }

    private struct Checker {
        let bytes: [UInt8]
        let allowNUL: Bool
        var i = 0
        static let maxDepth = 256

        var atEnd: Bool { i == bytes.count }

        func fail(_ reason: String) -> Failure { Failure(reason: reason, offset: i) }

        mutating func skipSpace() throws {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func value(depth: Int) throws {
            guard depth < Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: try number()
            }
        }

        mutating func object(depth: Int) throws {
            i += 1
            try skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return }
            while true {
                try skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a string key") }
                try string()
                try skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                try skipSpace()
                try value(depth: depth + 1)
                try skipSpace()
                guard i < bytes.count else { throw fail("unexpected end in object") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return }
                throw fail("expected ',' or '}'")
            }
        }

        mutating func array(depth: Int) throws {
            i += 1
            try skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return }
            while true {
                try skipSpace()
                try value(depth: depth + 1)
                try skipSpace()
                guard i < bytes.count else { throw fail("unexpected end in array") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return }
                throw fail("expected ',' or ']'")
            }
        }

        mutating func literal(_ word: StaticString) throws {
            let count = word.utf8CodeUnitCount
            guard i + count <= bytes.count else { throw fail("invalid literal") }
            let ok = word.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[i + $0] == expected[$0] }
            }
            guard ok else { throw fail("invalid literal") }
            i += count
        }

        mutating func number() throws {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid value") }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else { while i < bytes.count, isDigit(bytes[i]) { i += 1 } }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid number") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard i < bytes.count, isDigit(bytes[i]) else { throw fail("invalid number") }
                while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            }
            if i == start { throw fail("invalid value") }
        }

        mutating func string() throws {
            i += 1
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") { i += 1; return }
                if b < 0x20 { throw fail("control character in string") }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { break }
                    switch bytes[i] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                         UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        i += 1
                    case UInt8(ascii: "u"):
                        i += 1
                        let unit = try hex4()
                        if unit == 0 && !allowNUL { throw fail("\\u0000 cannot be stored") }
                        if (0xDC00...0xDFFF).contains(unit) { throw fail("unpaired low surrogate escape") }
                        if (0xD800...0xDBFF).contains(unit) {
                            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                                throw fail("unpaired high surrogate escape")
                            }
                            i += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired high surrogate escape") }
                        }
                    default:
                        throw fail("invalid escape")
                    }
                    continue
                }
                i += 1
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws -> Int {
            guard i + 4 <= bytes.count else { throw fail("short \\u escape") }
            var v = 0
            for _ in 0..<4 {
                let b = bytes[i]
                let d: Int
                switch b {
                case 48...57: d = Int(b) - 48
                case 65...70: d = Int(b) - 55
                case 97...102: d = Int(b) - 87
                default: throw fail("invalid \\u escape")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    }
}
