/// A type read from one result row, by column name with `Row`'s typed
/// accessors. A row that does not fit throws (`.internal`: the query and
/// the type disagree). The conforming type keeps its column list beside
/// its conformance, so the SELECT and the reading stay in step.
public protocol RowDecodable {
    init(row: Row) throws
}

extension SQLConnection {
    /// Every row of `sql`, each read as `T`.
    public func query<T: RowDecodable>(_ sql: SQL, as type: T.Type) throws -> [T] {
        try query(sql).map(T.init(row:))
    }

    /// The first row of `sql` read as `T`; nil when there is none.
    public func queryFirst<T: RowDecodable>(_ sql: SQL, as type: T.Type) throws -> T? {
        try queryFirst(sql).map(T.init(row:))
    }
}
