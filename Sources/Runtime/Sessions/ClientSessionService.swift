import Foundation
import JSON
import Store

/// Editors' sessions: what `session/new` named (the working folder, the MCP
/// servers) is stored so `session/load` can bring the session back, and
/// the sessions attached to this process right now (`attachments`).
public final class ClientSessionService: Sendable {
    let stores: Database
    public let attachments: SessionAttachments

    init(stores: Database, attachments: SessionAttachments) {
        self.stores = stores
        self.attachments = attachments
    }

    /// Records (or updates) a session's folder and servers.
    @discardableResult
    public func save(_ sessionKey: String, cwd: String, mcpServers: JSONValue, in scope: Scope) async throws -> ClientSession {
        try SafeIDSchema.check(sessionKey, path: "params.sessionId")
        return try await stores.clientSessions.save(sessionKey, cwd: cwd, mcpServers: mcpServers.description, in: scope)
    }

    /// The stored session, or nil when the scope has none of that id.
    public func get(_ sessionKey: String, in scope: Scope) async throws -> ClientSession? {
        try await stores.clientSessions.get(sessionKey, in: scope)
    }
}
