import Store
import Synchronization

/// What a connected client adds to the runs of one of its sessions while it
/// is attached (an editor over the Agent Client Protocol): tools over the
/// process's (its own MCP servers', the plan tool) and its file system for
/// the file tools.
public struct SessionAttachment: Sendable {
    public var tools: ToolRegistry
    public var files: (any ClientFiles)?

    public init(tools: ToolRegistry, files: (any ClientFiles)? = nil) {
        self.tools = tools
        self.files = files
    }
}

/// The sessions clients of this process are attached to, by scope and
/// session key. A run of such a session that this process executes uses its
/// attachment; a run executed by another process, or after the client went
/// away, runs with the process's tools and files only (its working folder
/// is stored with the run, so that part holds everywhere).
public final class SessionAttachments: Sendable {
    private struct Key: Hashable {
        var orgID, userID, projectKey, sessionKey: String
        init(_ sessionKey: String, _ scope: Scope) {
            (orgID, userID, projectKey, self.sessionKey) = (scope.orgID, scope.userID, scope.projectKey, sessionKey)
        }
    }

    private struct State {
        var entries: [Key: (token: UInt64, attachment: SessionAttachment)] = [:]
        var counter: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Attaches (or re-attaches) a session; the token detaches exactly this attachment.
    public func attach(_ attachment: SessionAttachment, session: String, in scope: Scope) -> UInt64 {
        state.withLock { s in
            s.counter += 1
            s.entries[Key(session, scope)] = (s.counter, attachment)
            return s.counter
        }
    }

    /// Detaches the session if `token` is still its attachment's.
    public func detach(session: String, in scope: Scope, token: UInt64) {
        state.withLock { s in
            if s.entries[Key(session, scope)]?.token == token { s.entries[Key(session, scope)] = nil }
        }
    }

    public func attachment(session: String, in scope: Scope) -> SessionAttachment? {
        state.withLock { $0.entries[Key(session, scope)]?.attachment }
    }
}
