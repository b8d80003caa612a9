/// Rewrites PostgreSQL-style `$1…$n` placeholders to SQLite's `?1…?n`, which
/// bind by number (SQLite would treat `$1` as a *named* parameter numbered by
/// first appearance). Quoted strings, quoted identifiers and comments are left alone.
enum Placeholders {
    static func sqlite(_ sql: String) -> String {
        let bytes = Array(sql.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // Copy through the closing quote; a doubled quote is an escaped one.
                out.append(b)
                i += 1
                while i < bytes.count {
                    out.append(bytes[i])
                    if bytes[i] == b {
                        if i + 1 < bytes.count, bytes[i + 1] == b { out.append(b); i += 2; continue }
                        i += 1
                        break
                    }
                    i += 1
                }
            case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
                while i < bytes.count, bytes[i] != 0x0A { out.append(bytes[i]); i += 1 }
            case UInt8(ascii: "$") where i + 1 < bytes.count && bytes[i + 1] >= 48 && bytes[i + 1] <= 57:
                out.append(UInt8(ascii: "?"))
                i += 1
            default:
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
