import Foundation

/// Editors' sessions (`client_sessions`), scoped like runs: another tenant's
/// session reads as not found.
public struct ClientSessionRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Records the session, or replaces its folder and servers (a `session/load`
    /// names them again); returns the row.
    @discardableResult
    public func save(_ sessionKey: String, protocolName: String = "acp", cwd: String, mcpServers: String, in scope: Scope,
                     now: Date = Date()) async throws -> ClientSession {
        try TextRules.key(sessionKey, field: "session_key")
        try TextRules.key(cwd, field: "cwd")
        try TextRules.json(mcpServers, field: "mcp_servers")
        return try await database.transaction(.tenant(scope), .write) { c in
            try c.execute(
                """
                INSERT INTO client_sessions (org_id, user_id, project_id, session_key, protocol, cwd, mcp_servers, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(sessionKey)), \(.text(protocolName)),
                        \(.text(cwd)), \(.text(mcpServers)), \(.date(now)), \(.date(now)))
                ON CONFLICT (org_id, user_id, project_id, session_key)
                DO UPDATE SET cwd = excluded.cwd, mcp_servers = excluded.mcp_servers, updated_at = excluded.updated_at
                """)
            guard let row = try Self.fetch(c, sessionKey, in: scope) else {
                throw StoreError(.internal, "session \(sessionKey) vanished after it was saved")
            }
            return row
        }
    }

    public func get(_ sessionKey: String, in scope: Scope) async throws -> ClientSession? {
        try await database.transaction(.tenant(scope), .read) { c in try Self.fetch(c, sessionKey, in: scope) }
    }

    static func fetch(_ c: any SQLConnection, _ sessionKey: String, in scope: Scope) throws -> ClientSession? {
        try c.queryFirst(
            "SELECT \(raw: ClientSession.columns) FROM client_sessions WHERE \(.inScope(scope)) AND session_key = \(.text(sessionKey))",
            as: ClientSession.self)
    }
}
