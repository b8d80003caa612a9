import Foundation

/// What roles and groups share: rows of an (org, project) with a unique
/// name, looked up by id or name, changed field by field, deleted in
/// all-or-nothing batches. Every statement filters on org and project
/// (`$1`, `$2`), so another tenant's row reads as not found.
struct NamedRows<Item: Sendable>: Sendable {
    let table: String
    /// "role", "group": used in messages.
    let noun: String
    let columns: String
    let decode: @Sendable (Row) throws -> Item

    /// `org_id = $1 AND project_id = $2`
    static var shared: String { "org_id = $1 AND project_id = $2" }

    static func parameters(_ scope: Scope) -> [SQLValue] { [.text(scope.orgID), .text(scope.projectKey)] }

    func fetch(_ c: any SQLConnection, _ idOrName: String, scope: Scope, byName: Bool = true) throws -> Item? {
        let match = byName ? "(id = $3 OR name = $3)" : "id = $3"
        return try c.queryFirst("SELECT \(columns) FROM \(table) WHERE \(Self.shared) AND \(match) ORDER BY id LIMIT 1",
                                Self.parameters(scope) + [.text(idOrName)]).map(decode)
    }

    func list(_ c: any SQLConnection, scope: Scope, orderBy: String) throws -> [Item] {
        try c.query("SELECT \(columns) FROM \(table) WHERE \(Self.shared) ORDER BY \(orderBy)", Self.parameters(scope)).map(decode)
    }

    /// `.conflict` when another row of the scope (not `id`) has the name.
    func requireFreeName(_ c: any SQLConnection, _ name: String, scope: Scope, except id: String?) throws {
        if let row = try c.queryFirst("SELECT id FROM \(table) WHERE \(Self.shared) AND name = $3", Self.parameters(scope) + [.text(name)]),
           try row.string("id") != id {
            throw StoreError(.conflict, "a \(noun) named \(name) already exists", field: "name")
        }
    }

    /// Sets the given columns (and `updated_at`) of row `id`; a new `name`
    /// must be free. nil when the row is not in `scope`.
    func update(_ c: any SQLConnection, _ id: String, scope: Scope, now: Date, name: String?, _ changes: [(column: String, value: SQLValue?)]) throws -> Item? {
        guard try fetch(c, id, scope: scope, byName: false) != nil else { return nil }
        if let name { try requireFreeName(c, name, scope: scope, except: id) }
        var parameters = Self.parameters(scope) + [.text(id), .date(now)]
        var sets = ["updated_at = $4"]
        for (column, value) in changes {
            guard let value else { continue }
            parameters.append(value)
            sets.append("\(column) = $\(parameters.count)")
        }
        return try c.queryFirst("UPDATE \(table) SET \(sets.joined(separator: ", ")) WHERE \(Self.shared) AND id = $3 RETURNING \(columns)",
                                parameters).map(decode)
    }

    /// The ids of a batch delete: distinct, sorted, checked, and bound as
    /// `$3…` after the scope (`list` is the placeholders for `IN (…)`).
    struct Batch {
        var ids: [String]
        var list: String
        var parameters: [SQLValue]
    }

    /// nil for an empty batch.
    static func batch(_ ids: [String], scope: Scope) throws -> Batch? {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return nil }
        for id in unique { try TextRules.key(id, field: "ids") }
        return Batch(ids: unique, list: (0..<unique.count).map { "$\($0 + 3)" }.joined(separator: ", "),
                     parameters: parameters(scope) + unique.map(SQLValue.text))
    }

    /// The ids of `batch` that are not rows of the scope.
    func missing(_ c: any SQLConnection, _ batch: Batch) throws -> [String] {
        let found = Set(try c.query("SELECT id FROM \(table) WHERE \(Self.shared) AND id IN (\(batch.list))", batch.parameters).map { try $0.string("id") })
        return batch.ids.filter { !found.contains($0) }
    }
}
