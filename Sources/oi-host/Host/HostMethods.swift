import Foundation
import RPC
import Runtime

/// The host's method table: one line per method, each decoding, calling the
/// runtime and encoding — nothing else.
enum HostMethods {
    static func table(_ host: HostContext) -> MethodTable {
        var table = MethodTable()
        table.register(Initialize.self) { params, _ in
            guard let requested = params.protocolVersion.stringValue, OpenIntern.supportedProtocolVersions.contains(requested) else {
                let acp = params.protocolVersion.intValue != nil ? " (an integer is the Agent Client Protocol's, which this host does not speak yet)" : ""
                throw RPCError(code: .invalidParams, message: "unsupported protocol version \(params.protocolVersion)\(acp); supported: \(OpenIntern.supportedProtocolVersions.joined(separator: ", "))",
                               data: ["path": "params.protocolVersion", "supported": .array(OpenIntern.supportedProtocolVersions.map(JSONValue.string)),
                                      "requested": params.protocolVersion])
            }
            if let scope = params.scope { try scope.validate(path: "params.scope") }
            let scope = (params.scope ?? ScopeParams()).over(host.defaultScope)
            await host.session.begin(scope: scope, client: params.clientInfo?.name)
            host.logger.info("initialized", metadata: ["client": .string(params.clientInfo?.name ?? "?"), "protocol": .string(requested)])
            return Initialize.Result(
                protocolVersion: OpenIntern.protocolVersion,
                serverInfo: .init(name: OpenIntern.name, version: OpenIntern.version),
                capabilities: [
                    "batch": true,
                    "cancelRequest": "$/cancelRequest",
                    "maxLineBytes": .int(host.config.int("rpc.maxLineBytes") ?? 16 << 20),
                    "discover": "rpc.discover",
                ],
                scope: scope)
        }
        table.register(Shutdown.self) { _, context in
            context.connection.beginShutdown()
            return EmptyResult()
        }
        table.registerNotification(Exit.self) { _, context in
            context.connection.stop()
        }
        table.register(SystemHealth.self) { _, _ in
            let uptime = ContinuousClock.now - host.uptime
            let (storage, queue) = await host.health()
            return SystemHealth.Result(
                status: storage.state == "unavailable" ? "degraded" : "ok", version: OpenIntern.version, protocolVersion: OpenIntern.protocolVersion,
                uptimeMs: uptime.components.seconds * 1000 + uptime.components.attoseconds / 1_000_000_000_000_000,
                startedAt: ISO8601.format(host.startedAt), pid: ProcessInfo.processInfo.processIdentifier,
                storage: storage, queue: queue)
        }
        RunsHandlers.register(&table, host)
        SkillsHandlers.register(&table, host)
        table.register(ToolsList.self) { params, _ in
            _ = try await host.scope(params.scope)
            return ToolsList.Result(tools: host.tools.all.map(ToolsList.ToolView.init))
        }
        table.register(MCPServersList.self) { _, _ in
            MCPServersList.Result(servers: await host.mcp.statuses().map(MCPServersList.ServerView.init))
        }
        RolesHandlers.register(&table, host)
        GroupsHandlers.register(&table, host)
        BlackboardHandlers.register(&table, host)
        MemoryHandlers.register(&table, host)
        table.register(RPCDiscover.self) { _, context in
            context.connection.table.openRPC(title: "OpenIntern oi-host", version: OpenIntern.version)
        }
        return table
    }
}
