/// PostgreSQL's `text` cannot hold U+0000, yet model output, tool results and
/// file content may contain it (SQLite stores it as it is). Every text value
/// crossing the PostgreSQL driver is escaped reversibly with one marker
/// character, U+10FFFD (the last private-use code point, which real text
/// almost never holds): NUL becomes marker + `0`, the marker itself becomes
/// marker + marker. Reading undoes it, so both backends return the same
/// string. Text without NUL or marker — nearly all — passes untouched after
/// one byte scan. Equality in SQL still works (both sides are escaped the
/// same way); JSON stored as text keeps `\u0000` as six ASCII characters and
/// needs nothing.
enum PostgresText {
    static let marker: Character = "\u{10FFFD}"
    /// The UTF-8 lead byte of every code point from U+100000 up (including the marker).
    private static let markerLead: UInt8 = 0xF4

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0 || $0 == markerLead }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{0}": out.append(marker); out.append("0")
            case "\u{10FFFD}": out.append(marker); out.append(marker)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String {
        guard text.utf8.contains(markerLead) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var pendingMarker = false
        for scalar in text.unicodeScalars {
            if pendingMarker {
                pendingMarker = false
                // A marker followed by anything else was never written by escape(); keep both.
                if scalar == "0" { out.unicodeScalars.append("\u{0}") } else if scalar == "\u{10FFFD}" { out.append(marker) } else {
                    out.append(marker)
                    out.unicodeScalars.append(scalar)
                }
            } else if scalar == "\u{10FFFD}" {
                pendingMarker = true
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        if pendingMarker { out.append(marker) }
        return out
    }
}
