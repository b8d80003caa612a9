import Foundation

/// A connector (today: Feishu) of an (org, project): its name, status and
/// configuration (JSON text), and when it last synced.
public struct Connector: Sendable, Hashable {
    public var id: String
    public var orgID: String
    public var projectID: String?
    public var kind: String
    public var name: String
    public var status: String
    public var config: String
    public var createdBy: String
    public var lastSyncAt: Date?
    public var lastSuccessAt: Date?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    /// The scope of the user who created it (a poll-triggered sync acts as them).
    public var creatorScope: Scope { Scope(trusted: orgID, userID: createdBy, projectKey: projectID ?? "") }
}

extension Connector: RowDecodable {
    static let columns = "org_id, id, project_id, kind, name, status, config, created_by, last_sync_at, last_success_at, last_error, created_at, updated_at"

    public init(row: Row) throws {
        let project = try row.string("project_id")
        self.init(
            id: try row.string("id"), orgID: try row.string("org_id"), projectID: project.isEmpty ? nil : project,
            kind: try row.string("kind"), name: try row.string("name"), status: try row.string("status"), config: try row.string("config"),
            createdBy: try row.string("created_by"), lastSyncAt: row.optionalDate("last_sync_at"), lastSuccessAt: row.optionalDate("last_success_at"),
            lastError: row.optionalString("last_error"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}

/// Connectors of an (org, project): every tenant query filters on both.
public struct ConnectorRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(kind: String, name: String, status: String, config: String, in scope: Scope, now: Date = Date()) async throws -> Connector {
        try TextRules.json(config, field: "config")
        let id = Identifier.make(prefix: "fconn_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let connector = try c.queryFirst(
                """
                INSERT INTO connectors (org_id, id, project_id, kind, name, status, config, created_by, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(id)), \(.text(scope.projectKey)), \(.text(kind)), \(.text(name)), \(.text(status)),
                    \(.text(config)), \(.text(scope.userID)), \(.date(now)), \(.date(now)))
                RETURNING \(raw: Connector.columns)
                """, as: Connector.self)
            else { throw StoreError(.internal, "connector insert returned no row") }
            return connector
        }
    }

    public func get(_ id: String, kind: String, in scope: Scope) async throws -> Connector? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst(
                "SELECT \(raw: Connector.columns) FROM connectors WHERE \(.inProject(scope)) AND kind = \(.text(kind)) AND id = \(.text(id))",
                as: Connector.self)
        }
    }

    public func list(kind: String, in scope: Scope) async throws -> [Connector] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                "SELECT \(raw: Connector.columns) FROM connectors WHERE \(.inProject(scope)) AND kind = \(.text(kind)) ORDER BY created_at DESC, id DESC",
                as: Connector.self)
        }
    }

    /// Sets what is given; nil when not in `scope`.
    public func update(_ id: String, kind: String, in scope: Scope, name: String?, status: String?, config: String?,
                       now: Date = Date()) async throws -> Connector? {
        if let config { try TextRules.json(config, field: "config") }
        return try await database.transaction(.tenant(scope), .write) { c in
            var sets: [SQL] = ["updated_at = \(.date(now))"]
            if let name { sets.append("name = \(.text(name))") }
            if let status { sets.append("status = \(.text(status))") }
            if let config { sets.append("config = \(.text(config))") }
            return try c.queryFirst(
                """
                UPDATE connectors SET \(sets.joined(separator: ", "))
                WHERE \(.inProject(scope)) AND kind = \(.text(kind)) AND id = \(.text(id)) RETURNING \(raw: Connector.columns)
                """, as: Connector.self)
        }
    }

    public func delete(_ id: String, kind: String, in scope: Scope) async throws -> Bool {
        try await database.transaction(.tenant(scope), .write) { c in
            _ = try c.execute("DELETE FROM jobs WHERE \(.inProject(scope)) AND connector_id = \(.text(id)) AND state IN ('completed', 'failed', 'cancelled')")
            return try c.execute("DELETE FROM connectors WHERE \(.inProject(scope)) AND kind = \(.text(kind)) AND id = \(.text(id))") == 1
        }
    }

    /// Records a sync's start (`success` nil) or end.
    public func markSync(_ connector: Connector, at now: Date, success: Bool?, error: String?) async throws {
        let scope = connector.creatorScope
        try await database.transaction(.tenant(scope), .write) { c in
            var sets: [SQL] = ["last_sync_at = \(.date(now))", "updated_at = \(.date(now))"]
            if success == true { sets.append("last_success_at = \(.date(now))"); sets.append("last_error = NULL") }
            if success == false { sets.append("last_error = \(.optional(error))") }
            _ = try c.execute("UPDATE connectors SET \(sets.joined(separator: ", ")) WHERE \(.inProject(scope)) AND id = \(.text(connector.id))")
        }
    }

    /// Every active connector of `kind`, across tenants: for the poller only.
    public func allActive(kind: String) async throws -> [Connector] {
        try await database.transaction(.system, .read) { c in
            try c.query("SELECT \(raw: Connector.columns) FROM connectors WHERE kind = \(.text(kind)) AND status = 'active' ORDER BY id",
                        as: Connector.self)
        }
    }
}
