/// A statement and the values it binds, written as one string so each value
/// sits where it binds and no placeholder is numbered by hand:
///
///     let sql: SQL = "SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(scope)) AND id = \(.text(id))"
///
/// Interpolating an `SQLValue` binds it: the text gets the next `$n`, the
/// value goes to `parameters`. Interpolating another `SQL` splices its text
/// and its values, numbered on from there. A value used twice is bound
/// twice (two numbers): each number stands in one place, so none is left
/// unused (PostgreSQL refuses a parameter it cannot type) and none has to
/// fit two places' types. Text goes in as the literal around interpolations,
/// or through `raw:` (column lists, table names, a dialect's expression:
/// our own constants, never input); a `String` cannot be interpolated
/// without saying which it is. The SQLite driver maps `$n` to `?n`.
public struct SQL: Sendable, Hashable {
    /// The text between the values: one more piece than values.
    private var pieces: [String] = [""]
    /// The bound values, in the order of their numbers.
    public private(set) var parameters: [SQLValue] = []

    public init() {}

    /// Text with no values (a constant statement, or text read from a trusted place).
    public init(raw text: String) {
        pieces = [text]
    }

    /// The statement with `$1…$n` where the values bind.
    public var text: String {
        var out = pieces[0]
        for (index, piece) in pieces.dropFirst().enumerated() {
            out += "$\(index + 1)"
            out += piece
        }
        return out
    }

    /// Appends text as it is.
    public mutating func append(raw text: String) {
        pieces[pieces.count - 1] += text
    }

    /// Binds `value` at the end of the text.
    public mutating func bind(_ value: SQLValue) {
        parameters.append(value)
        pieces.append("")
    }

    /// Appends another statement's text and values.
    public mutating func append(_ other: SQL) {
        pieces[pieces.count - 1] += other.pieces[0]
        pieces += other.pieces.dropFirst()
        parameters += other.parameters
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var sql = lhs
        sql.append(rhs)
        return sql
    }

    public static func += (lhs: inout SQL, rhs: SQL) {
        lhs.append(rhs)
    }

    /// `$a, $b, …`, one bind per value (for `IN (…)` and `VALUES (…)`);
    /// the caller makes sure there is at least one.
    public static func list(_ values: [SQLValue]) -> SQL {
        values.map { value in "\(value)" as SQL }.joined(separator: ", ")
    }
}

extension SQL: ExpressibleByStringInterpolation {
    public init(stringLiteral text: String) {
        self.init(raw: text)
    }

    public init(stringInterpolation: StringInterpolation) {
        self = stringInterpolation.sql
    }

    /// What `"…\(…)…"` builds: literal text, values, fragments.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = SQL()

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.pieces.reserveCapacity(interpolationCount + 1)
            sql.parameters.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql.append(raw: literal)
        }

        /// Binds a value: `$n` here, the value in `parameters`.
        public mutating func appendInterpolation(_ value: SQLValue) {
            sql.bind(value)
        }

        /// A fragment with its own values (a scope clause, a filter).
        public mutating func appendInterpolation(_ fragment: SQL) {
            sql.append(fragment)
        }

        /// Trusted text: a column list, a table name, a dialect's expression.
        public mutating func appendInterpolation(raw text: String) {
            sql.append(raw: text)
        }

        /// A number written into the text, where the planner must see it
        /// (a vector's dimension) or a statement always had it so (a LIMIT).
        public mutating func appendInterpolation(literal number: Int) {
            sql.append(raw: String(number))
        }

        /// `$a, $b, …`: one bind per value.
        public mutating func appendInterpolation(list values: [SQLValue]) {
            sql.append(SQL.list(values))
        }
    }
}

extension Sequence where Element == SQL {
    /// The fragments one after another with `separator` between them.
    public func joined(separator: String) -> SQL {
        var out = SQL()
        for (index, fragment) in enumerated() {
            if index > 0 { out.append(raw: separator) }
            out.append(fragment)
        }
        return out
    }
}
