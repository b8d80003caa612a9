import Logging
import Runtime

/// How the host and the CLI set up the configured MCP servers.
public enum MCPServers {
    /// How long runs wait at start-up for the servers' first launch.
    public static let startupWait: Duration = .seconds(30)

    public static func manager(config: Config, tools: ToolRegistry) -> MCPManager {
        let logger = Logger(label: "oi.mcp")
        return MCPManager(servers: config.mcpServers, registry: tools, logger: logger) { refresh in
            // The hook for `mcp.tools.refreshed`; recorded as a log line until runs record it.
            logger.info("mcp.tools.refreshed", metadata: ["refresh": .string(refresh.json.description)])
        }
    }

    /// Runs `body` with the servers running, and stops them after it.
    public static func running<T>(_ manager: MCPManager, _ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await manager.run() }
            do {
                let result = try await body()
                manager.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                manager.shutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
