import Foundation

/// API tokens: credentials the REST adapter checks, bound to an org, a user
/// and optionally a project. Every access is a system transaction (a token
/// is looked up by its id before anyone knows its org); on PostgreSQL the
/// table's policy admits system transactions only.
public struct APITokenRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(id: String, scope: Scope, name: String, secretHash: String, now: Date = Date()) async throws -> APIToken {
        if !name.isEmpty { try TextRules.key(name, field: "name") }
        return try await database.transaction(.system, .write) { c in
            guard let token = try c.queryFirst(
                """
                INSERT INTO api_tokens (id, org_id, user_id, project_id, name, secret_hash, created_at)
                VALUES (\(.text(id)), \(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(name)),
                    \(.text(secretHash)), \(.date(now)))
                RETURNING \(raw: APIToken.columns)
                """, as: APIToken.self)
            else { throw StoreError(.internal, "token insert returned no row") }
            return token
        }
    }

    public func get(_ id: String) async throws -> APIToken? {
        try await database.transaction(.system, .read) { c in
            try c.queryFirst("SELECT \(raw: APIToken.columns) FROM api_tokens WHERE id = \(.text(id))", as: APIToken.self)
        }
    }

    /// Newest first; every org's when `orgID` is nil.
    public func list(orgID: String?, includeRevoked: Bool) async throws -> [APIToken] {
        var sql: SQL = "SELECT \(raw: APIToken.columns) FROM api_tokens WHERE TRUE"
        if let orgID { sql += " AND org_id = \(.text(orgID))" }
        if !includeRevoked { sql += " AND revoked_at IS NULL" }
        sql += " ORDER BY created_at DESC, id DESC"
        return try await database.transaction(.system, .read) { [sql] c in try c.query(sql, as: APIToken.self) }
    }

    /// The revoked token, or nil when there is no such token. Revoking twice keeps the first time.
    public func revoke(_ id: String, now: Date = Date()) async throws -> APIToken? {
        try await database.transaction(.system, .write) { c in
            _ = try c.execute("UPDATE api_tokens SET revoked_at = \(.date(now)) WHERE id = \(.text(id)) AND revoked_at IS NULL")
            return try c.queryFirst("SELECT \(raw: APIToken.columns) FROM api_tokens WHERE id = \(.text(id))", as: APIToken.self)
        }
    }

    /// How many tokens are not revoked (the adapter requires one on every request when any is).
    public func activeCount() async throws -> Int {
        try await database.transaction(.system, .read) { c in
            try c.queryFirst("SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL")?.int("n") ?? 0
        }
    }
}
