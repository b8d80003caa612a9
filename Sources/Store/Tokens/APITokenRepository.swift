import Foundation

/// API tokens: credentials the REST adapter checks, bound to an org, a user
/// and optionally a project. Every access is a system transaction (a token
/// is looked up by its id before anyone knows its org); on PostgreSQL the
/// table's policy admits system transactions only.
public struct APITokenRepository: Sendable {
    let database: any SQLDatabase
    static let columns = "id, org_id, user_id, project_id, name, secret_hash, created_at, revoked_at"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(id: String, scope: Scope, name: String, secretHash: String, now: Date = Date()) async throws -> APIToken {
        if !name.isEmpty { try TextRules.key(name, field: "name") }
        return try await database.transaction(.system, .write) { c in
            guard let row = try c.queryFirst(
                """
                INSERT INTO api_tokens (id, org_id, user_id, project_id, name, secret_hash, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                RETURNING \(Self.columns)
                """,
                [.text(id), .text(scope.orgID), .text(scope.userID), .text(scope.projectKey), .text(name), .text(secretHash), .date(now)])
            else { throw StoreError(.internal, "token insert returned no row") }
            return try Self.decode(row)
        }
    }

    public func get(_ id: String) async throws -> APIToken? {
        try await database.transaction(.system, .read) { c in
            try c.queryFirst("SELECT \(Self.columns) FROM api_tokens WHERE id = $1", [.text(id)]).map(Self.decode)
        }
    }

    /// Newest first; every org's when `orgID` is nil.
    public func list(orgID: String?, includeRevoked: Bool) async throws -> [APIToken] {
        let revoked = includeRevoked ? "" : " AND revoked_at IS NULL"
        return try await database.transaction(.system, .read) { c in
            if let orgID {
                return try c.query("SELECT \(Self.columns) FROM api_tokens WHERE org_id = $1\(revoked) ORDER BY created_at DESC, id DESC",
                                   [.text(orgID)]).map(Self.decode)
            }
            return try c.query("SELECT \(Self.columns) FROM api_tokens WHERE TRUE\(revoked) ORDER BY created_at DESC, id DESC", [])
                .map(Self.decode)
        }
    }

    /// The revoked token, or nil when there is no such token. Revoking twice keeps the first time.
    public func revoke(_ id: String, now: Date = Date()) async throws -> APIToken? {
        try await database.transaction(.system, .write) { c in
            _ = try c.execute("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL", [.text(id), .date(now)])
            return try c.queryFirst("SELECT \(Self.columns) FROM api_tokens WHERE id = $1", [.text(id)]).map(Self.decode)
        }
    }

    /// How many tokens are not revoked (the adapter requires one on every request when any is).
    public func activeCount() async throws -> Int {
        try await database.transaction(.system, .read) { c in
            try c.queryFirst("SELECT COUNT(*) AS n FROM api_tokens WHERE revoked_at IS NULL", [])?.int("n") ?? 0
        }
    }

    static func decode(_ row: Row) throws -> APIToken {
        let project = try row.string("project_id")
        return APIToken(
            id: try row.string("id"), orgID: try row.string("org_id"), userID: try row.string("user_id"),
            projectID: project.isEmpty ? nil : project, name: try row.string("name"), secretHash: try row.string("secret_hash"),
            createdAt: try row.date("created_at"), revokedAt: row.optionalDate("revoked_at"))
    }
}
