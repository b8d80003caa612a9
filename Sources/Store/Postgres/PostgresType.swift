import CLibPQ
import Foundation

/// Turns PostgreSQL's text output into `SQLValue`s by column type, so rows
/// look the same as SQLite's: integers, reals, 0/1 booleans, blobs, text.
enum PostgresType {
    static let bool: Oid = 16
    static let bytea: Oid = 17
    static let int8: Oid = 20
    static let int2: Oid = 21
    static let int4: Oid = 23
    static let oid: Oid = 26
    static let float4: Oid = 700
    static let float8: Oid = 701
    static let numeric: Oid = 1700

    static func value(text: String, oid type: Oid) -> SQLValue {
        switch type {
        case int8, int2, int4, oid:
            return Int64(text).map(SQLValue.integer) ?? .text(text)
        case float4, float8, numeric:
            return Double(text).map(SQLValue.real) ?? .text(text)
        case bool:
            return .integer(text == "t" ? 1 : 0)
        case bytea:
            return .blob(decodeHexBytea(text))
        default:
            return .text(text)
        }
    }

    /// bytea's text output is `\x` followed by hex digits.
    static func decodeHexBytea(_ text: String) -> Data {
        let bytes = Array(text.utf8)
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") else { return Data(bytes) }
        var out = Data(capacity: (bytes.count - 2) / 2)
        var i = 2
        while i + 1 < bytes.count {
            out.append(nibble(bytes[i]) << 4 | nibble(bytes[i + 1]))
            i += 2
        }
        return out
    }

    private static func nibble(_ b: UInt8) -> UInt8 {
        switch b {
        case 48...57: b - 48
        case 97...102: b - 87
        case 65...70: b - 55
        default: 0
        }
    }
}
