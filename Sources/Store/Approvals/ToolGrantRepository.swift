import Foundation

/// Standing decisions on a tool in one scope: "allow always" grants (the
/// tool no longer asks for approval) and "reject always" blocks (an editor's
/// `reject_always`: every later call is refused). One row per tool: the last
/// decision stands.
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
        try await standing(toolName, in: scope) == .allow
    }

    /// Blocks `toolName` in `scope` (replacing a grant): a "reject always".
    public func block(_ toolName: String, in scope: Scope, now: Date = Date()) async throws {
        try TextRules.key(toolName, field: "tool_name")
        try await database.transaction(.tenant(scope), .write) { c in
            try Self.insert(c, toolName: toolName, scope: scope, decision: .block, now: now)
        }
    }

    /// The standing decision on `toolName` in `scope`, if any.
    public func standing(_ toolName: String, in scope: Scope) async throws -> ToolGrant.Decision? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT decision FROM tool_grants WHERE \(.inScope(scope)) AND tool_name = \(.text(toolName))")
                .flatMap { ToolGrant.Decision(rawValue: try $0.string("decision")) }
        }
    }

    /// Grants in `scope`, by tool name.
    public func list(in scope: Scope) async throws -> [ToolGrant] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(raw: ToolGrant.columns) FROM tool_grants WHERE \(.inScope(scope)) ORDER BY tool_name", as: ToolGrant.self)
        }
    }

    static func insert(_ c: any SQLConnection, toolName: String, scope: Scope, decision: ToolGrant.Decision = .allow, now: Date) throws {
        try c.execute(
            """
            INSERT INTO tool_grants (org_id, user_id, project_id, tool_name, created_at, decision)
            VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(toolName)), \(.date(now)), \(.text(decision.rawValue)))
            ON CONFLICT (org_id, user_id, project_id, tool_name) DO UPDATE SET decision = excluded.decision
            """)
    }
}
