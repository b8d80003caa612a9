import Foundation

/// One SQL value as it crosses the driver boundary, in either direction.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)

    public var isNull: Bool { if case .null = self { true } else { false } }

    /// Integers, and PostgreSQL's text rendering of numeric types.
    public var int64: Int64? {
        switch self {
        case .integer(let v): v
        case .real(let v): Int64(exactly: v)
        case .text(let s): Int64(s)
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .real(let v): v
        case .integer(let v): Double(v)
        case .text(let s): Double(s)
        default: nil
        }
    }

    public var string: String? {
        if case .text(let s) = self { s } else { nil }
    }

    /// SQLite stores booleans as 0/1; the PostgreSQL driver converts `bool` to 0/1 too.
    public var bool: Bool? {
        switch self {
        case .integer(let v): v != 0
        case .text(let s): s == "t" || s == "true" || s == "1"
        default: nil
        }
    }

    public var data: Data? {
        if case .blob(let d) = self { d } else { nil }
    }

    /// Timestamps are RFC 3339 text on SQLite and `timestamptz` text on PostgreSQL.
    public var date: Date? {
        if case .text(let s) = self { Timestamp.parse(s) } else { nil }
    }
}

extension SQLValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue {
    /// `nil` becomes NULL.
    public static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    public static func int(_ value: Int) -> SQLValue { .integer(Int64(value)) }
    public static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
    /// Dates are always sent as RFC 3339 UTC text with milliseconds; both backends parse it.
    public static func date(_ value: Date) -> SQLValue { .text(Timestamp.format(value)) }
    public static func optionalDate(_ value: Date?) -> SQLValue { value.map(SQLValue.date) ?? .null }
}
