import Foundation

/// What roles and groups share: rows of an (org, project) with a unique
/// name, looked up by id or name, changed field by field, deleted in
/// all-or-nothing batches. Every statement filters on org and project
/// (`SQL.inProject`), so another tenant's row reads as not found.
struct NamedRows<Item: RowDecodable & Sendable>: Sendable {
    let table: String
    /// "role", "group": used in messages.
    let noun: String
    let columns: String

    func fetch(_ c: any SQLConnection, _ idOrName: String, scope: Scope, byName: Bool = true) throws -> Item? {
        let match: SQL = byName ? "(id = \(.text(idOrName)) OR name = \(.text(idOrName)))" : "id = \(.text(idOrName))"
        return try c.queryFirst("SELECT \(raw: columns) FROM \(raw: table) WHERE \(.inProject(scope)) AND \(match) ORDER BY id LIMIT 1", as: Item.self)
    }

    func list(_ c: any SQLConnection, scope: Scope, orderBy: String) throws -> [Item] {
        try c.query("SELECT \(raw: columns) FROM \(raw: table) WHERE \(.inProject(scope)) ORDER BY \(raw: orderBy)", as: Item.self)
    }

    /// `.conflict` when another row of the scope (not `id`) has the name.
    func requireFreeName(_ c: any SQLConnection, _ name: String, scope: Scope, except id: String?) throws {
        if let row = try c.queryFirst("SELECT id FROM \(raw: table) WHERE \(.inProject(scope)) AND name = \(.text(name))"),
           try row.string("id") != id {
            throw StoreError(.conflict, "a \(noun) named \(name) already exists", field: "name")
        }
    }

    /// Sets the given columns (and `updated_at`) of row `id`; a new `name`
    /// must be free. nil when the row is not in `scope`.
    func update(_ c: any SQLConnection, _ id: String, scope: Scope, now: Date, name: String?, _ changes: [(column: String, value: SQLValue?)]) throws -> Item? {
        guard try fetch(c, id, scope: scope, byName: false) != nil else { return nil }
        if let name { try requireFreeName(c, name, scope: scope, except: id) }
        var sets: [SQL] = ["updated_at = \(.date(now))"]
        for (column, value) in changes {
            guard let value else { continue }
            sets.append("\(raw: column) = \(value)")
        }
        return try c.queryFirst(
            "UPDATE \(raw: table) SET \(sets.joined(separator: ", ")) WHERE \(.inProject(scope)) AND id = \(.text(id)) RETURNING \(raw: columns)",
            as: Item.self)
    }

    /// The ids of a batch delete: distinct, sorted, checked.
    struct Batch {
        var ids: [String]

        /// The ids bound for `IN (…)`.
        var list: SQL { .list(ids.map(SQLValue.text)) }
    }

    /// nil for an empty batch.
    static func batch(_ ids: [String]) throws -> Batch? {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return nil }
        for id in unique { try TextRules.key(id, field: "ids") }
        return Batch(ids: unique)
    }

    /// The ids of `batch` that are not rows of the scope.
    func missing(_ c: any SQLConnection, _ batch: Batch, scope: Scope) throws -> [String] {
        let found = Set(try c.query("SELECT id FROM \(raw: table) WHERE \(.inProject(scope)) AND id IN (\(batch.list))").map { try $0.string("id") })
        return batch.ids.filter { !found.contains($0) }
    }
}
