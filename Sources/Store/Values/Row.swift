import Foundation

/// One result row: column names shared by all rows of a result, and values.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [SQLValue]

    public init(columns: [String], values: [SQLValue]) {
        self.columns = columns
        self.values = values
    }

    /// The value of a column by name; `.null` when the column is absent.
    public subscript(_ name: String) -> SQLValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    public subscript(_ index: Int) -> SQLValue { values[index] }

    public func string(_ name: String) throws -> String {
        guard let v = self[name].string else { throw missing(name, "text") }
        return v
    }

    public func optionalString(_ name: String) -> String? { self[name].string }

    public func int64(_ name: String) throws -> Int64 {
        guard let v = self[name].int64 else { throw missing(name, "integer") }
        return v
    }

    public func int(_ name: String) throws -> Int { Int(try int64(name)) }

    public func optionalInt(_ name: String) -> Int? { self[name].int64.map { Int($0) } }

    public func double(_ name: String) throws -> Double {
        guard let v = self[name].double else { throw missing(name, "real") }
        return v
    }

    public func bool(_ name: String) throws -> Bool {
        guard let v = self[name].bool else { throw missing(name, "boolean") }
        return v
    }

    public func date(_ name: String) throws -> Date {
        guard let v = self[name].date else { throw missing(name, "timestamp") }
        return v
    }

    public func optionalDate(_ name: String) -> Date? { self[name].date }

    private func missing(_ name: String, _ type: String) -> StoreError {
        StoreError(.internal, "column \(name) is not a non-null \(type) (got \(self[name]))")
    }
}
