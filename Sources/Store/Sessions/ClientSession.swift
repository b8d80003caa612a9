import Foundation

/// A session an editor opened over the Agent Client Protocol: its key (the
/// ACP session id, our runs' `session_key`), its working folder and the MCP
/// servers it named (JSON text), kept so `session/load` can bring it back.
/// Private to (org, user, project), like the session's runs.
public struct ClientSession: Sendable, Hashable {
    public var scope: Scope
    public var sessionKey: String
    public var protocolName: String
    public var cwd: String
    /// JSON text: the servers as the editor sent them.
    public var mcpServers: String
    public var createdAt: Date
    public var updatedAt: Date
}

extension ClientSession: RowDecodable {
    static let columns = "org_id, user_id, project_id, session_key, protocol, cwd, mcp_servers, created_at, updated_at"

    public init(row: Row) throws {
        self.init(
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            sessionKey: try row.string("session_key"), protocolName: try row.string("protocol"), cwd: try row.string("cwd"),
            mcpServers: try row.string("mcp_servers"), createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
