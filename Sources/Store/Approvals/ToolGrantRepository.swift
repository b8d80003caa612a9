import Foundation

/// "Allow always" grants: a tool that no longer asks for approval in one scope.
public struct ToolGrantRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Grants `toolName` in `scope`; granting twice is a no-op.
    public func grant(_ toolName: String, in scope: Scope, now: Date = Date()) async throws {
        try TextRules.key(toolName, field: "tool_name")
        try await database.transaction(.tenant(scope), .write) { c in
            try Self.insert(c, toolName: toolName, scope: scope, now: now)
        }
    }

    /// Removes the grant; false when there was none.
    public func revoke(_ toolName: String, in scope: Scope) async throws -> Bool {
        try await database.transaction(.tenant(scope), .write) { c in
            try c.execute("DELETE FROM tool_grants WHERE \(.inScope(scope)) AND tool_name = \(.text(toolName))") > 0
        }
    }

    public func isGranted(_ toolName: String, in scope: Scope) async throws -> Bool {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT 1 AS found FROM tool_grants WHERE \(.inScope(scope)) AND tool_name = \(.text(toolName))") != nil
        }
    }

    /// Grants in `scope`, by tool name.
    public func list(in scope: Scope) async throws -> [ToolGrant] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(raw: ToolGrant.columns) FROM tool_grants WHERE \(.inScope(scope)) ORDER BY tool_name", as: ToolGrant.self)
        }
    }

    static func insert(_ c: any SQLConnection, toolName: String, scope: Scope, now: Date) throws {
        try c.execute(
            """
            INSERT INTO tool_grants (org_id, user_id, project_id, tool_name, created_at)
            VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(toolName)), \(.date(now)))
            ON CONFLICT (org_id, user_id, project_id, tool_name) DO NOTHING
            """)
    }
}
