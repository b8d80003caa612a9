import Logging
import JSON

/// Owns one `MCPServerConnection` per configured server: `run()` keeps them
/// all alive until `shutdown()` (or cancellation), and the host asks it for
/// their state. It never blocks the host's `initialize`: servers start in
/// the background and their tools appear in the registry when listed.
public final class MCPManager: Sendable {
    public let connections: [MCPServerConnection]
    /// `mcp.tools.refreshed` and `mcp.server.restarted`, for the engine to record in runs.
    public let notices = MCPNotices()
    private let logger: Logger
    private let stopped = Latch()

    /// `onRefresh` is the hook for recording `mcp.tools.refreshed`
    /// `{server, tool_count, added, removed}` when a server's list changes.
    public init(servers: [MCPServerConfig], registry: ToolRegistry, logger: Logger = Logger(label: "oi.runtime.mcp"),
                restartPolicy: MCPRestartPolicy = MCPRestartPolicy(), onRefresh: @escaping @Sendable (MCPToolsRefresh) -> Void = { _ in }) {
        self.logger = logger
        let notices = self.notices
        connections = servers.map {
            MCPServerConnection(config: $0, registry: registry, logger: logger, restartPolicy: restartPolicy,
                                onRefresh: { refresh in
                                    notices.post(.toolsRefreshed(refresh))
                                    onRefresh(refresh)
                                },
                                onRestart: { server, restarts in notices.post(.serverRestarted(server: server, restarts: restarts)) })
        }
    }

    /// Runs every server until `shutdown()` (even with none configured, so a
    /// service group does not take an early return for the end); returns
    /// when all processes are gone. Cancelling the caller shuts down too,
    /// with no grace periods.
    public func run() async {
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                for connection in connections {
                    group.addTask { await connection.run() }
                }
                group.addTask { await self.stopped.wait() }
            }
        } onCancel: {
            shutdown()
        }
    }

    /// Asks every server to stop; `run()` returns once they have.
    public func shutdown() {
        stopped.open()
        notices.finish()
        for connection in connections { connection.stop() }
    }

    /// Waits (at most `timeout`) until every server's first launch has ended,
    /// so a run that starts right after start-up sees the servers' tools.
    public func waitForFirstLaunch(timeout: Duration) async {
        await withDiscardingTaskGroup { group in
            for connection in connections {
                group.addTask { await connection.waitForFirstLaunch(timeout: timeout) }
            }
        }
    }

    /// Every server's state, in configuration order (by name).
    public func statuses() async -> [MCPServerStatus] {
        var out: [MCPServerStatus] = []
        for connection in connections { out.append(await connection.status()) }
        return out
    }
}
