import Foundation

/// RFC 3339 timestamps with millisecond precision in UTC, the one form dates
/// take in SQL parameters and SQLite columns (text sorts like time there).
/// Parsing also accepts PostgreSQL's `timestamptz` output (`2026-11-29 07:19:00.123+00`).
/// Hand-written because `ISO8601DateFormatter` is slow and not `Sendable`.
public enum Timestamp {
    /// `2026-11-29T07:19:00.123Z`; sub-millisecond parts are dropped.
    public static func format(_ date: Date) -> String {
        let ms = milliseconds(date)
        let days = floorDiv(ms, 86_400_000)
        let msOfDay = ms - days * 86_400_000
        let (y, m, d) = civil(fromDays: days)
        let h = msOfDay / 3_600_000, mi = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, f = msOfDay % 1000
        var out = ""
        out.reserveCapacity(24)
        out += pad(y, 4); out += "-"; out += pad(m, 2); out += "-"; out += pad(d, 2)
        out += "T"; out += pad(h, 2); out += ":"; out += pad(mi, 2); out += ":"; out += pad(s, 2)
        out += "."; out += pad(f, 3); out += "Z"
        return out
    }

    /// Milliseconds since 1970, rounded down: the precision every stored date has.
    /// Rounding to the microsecond first absorbs floating-point noise, so a
    /// date made from `ms / 1000` gives back exactly `ms`.
    public static func milliseconds(_ date: Date) -> Int64 {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        return floorDiv(micros, 1000)
    }

    /// `date` cut to the millisecond, as it will come back from the database.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds(date)) / 1000)
    }

    public static func parse(_ text: String) -> Date? {
        var p = Parser(Array(text.utf8))
        guard let y = p.digits(4), p.eat(UInt8(ascii: "-")), let mo = p.digits(2), p.eat(UInt8(ascii: "-")),
              let d = p.digits(2) else { return nil }
        guard p.eat(UInt8(ascii: "T")) || p.eat(UInt8(ascii: " ")) || p.eat(UInt8(ascii: "t")) else { return nil }
        guard let h = p.digits(2), p.eat(UInt8(ascii: ":")), let mi = p.digits(2), p.eat(UInt8(ascii: ":")),
              let s = p.digits(2) else { return nil }
        var fractionMS: Int64 = 0
        if p.eat(UInt8(ascii: ".")) {
            var scale: Int64 = 100
            var any = false
            while let digit = p.digit() {
                any = true
                fractionMS += Int64(digit) * scale
                scale /= 10
            }
            guard any else { return nil }
        }
        var offsetMinutes: Int64 = 0
        if p.eat(UInt8(ascii: "Z")) || p.eat(UInt8(ascii: "z")) {
        } else if let sign = p.sign() {
            guard let oh = p.digits(2) else { return nil }
            var om: Int64 = 0
            if p.eat(UInt8(ascii: ":")) { guard let v = p.digits(2) else { return nil }; om = v }
            else if let v = p.digits(2) { om = v }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard p.atEnd, (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        let days = Self.days(fromCivil: y, mo, d)
        let ms = ((days * 24 + h) * 60 + mi - offsetMinutes) * 60_000 + s * 1000 + fractionMS
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian).
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
        var atEnd: Bool { i == bytes.count }
        mutating func eat(_ b: UInt8) -> Bool {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
            return true
        }
        mutating func digit() -> Int? {
            guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
            defer { i += 1 }
            return Int(bytes[i] - 48)
        }
        mutating func digits(_ n: Int) -> Int64? {
            var v: Int64 = 0
            for _ in 0..<n { guard let d = digit() else { return nil }; v = v * 10 + Int64(d) }
            return v
        }
        mutating func sign() -> Int64? {
            if eat(UInt8(ascii: "+")) { return 1 }
            if eat(UInt8(ascii: "-")) { return -1 }
            return nil
        }
    }
}
