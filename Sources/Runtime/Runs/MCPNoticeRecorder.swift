import Foundation
import Logging
import Store

/// Records the MCP servers' notices (`mcp.tools.refreshed`,
/// `mcp.server.restarted`) in every run this process executes that can call
/// the server's tools: its agent's tool list is open, or names one of them
/// (`server__…`). Appended beside the run's own events (`seq` stays dense);
/// the step in flight is not disturbed.
struct MCPNoticeRecorder: Sendable {
    let stores: Database
    let bus: EventBus
    let queue: RunQueue
    let defaults: AgentSpec
    private let logger = Logger(label: "oi.runtime.mcp-notices")

    init(stores: Database, bus: EventBus, queue: RunQueue, defaults: AgentSpec) {
        self.stores = stores
        self.bus = bus
        self.queue = queue
        self.defaults = defaults
    }

    /// Until the notices end or the caller is cancelled.
    func run(_ notices: MCPNotices) async {
        for await notice in notices.stream {
            await record(notice)
        }
    }

    func record(_ notice: MCPNotice) async {
        let server: String
        let event: NewEvent
        switch notice {
        case .toolsRefreshed(let refresh):
            server = refresh.server
            event = NewEvent(type: MCPToolsRefreshedPayload.type, payload: RunRecorder.text(MCPToolsRefreshedPayload(
                server: refresh.server, toolCount: refresh.toolCount, added: refresh.added, removed: refresh.removed, reason: refresh.reason)))
        case .serverRestarted(let name, let restarts):
            server = name
            event = NewEvent(type: MCPServerRestartedPayload.type, payload: RunRecorder.text(MCPServerRestartedPayload(server: name, restarts: restarts)))
        }
        for run in queue.activeRuns where canCall(run, server: server) {
            do {
                let stored = try await stores.events.append([event], to: run.id, in: run.scope)
                bus.publish(stored.map(RunEvent.init), sessionKey: run.sessionKey)
            } catch {
                logger.warning("could not record an MCP notice in a run", metadata: ["run_id": .string(run.id), "error": .string("\(error)")])
            }
        }
    }

    /// Whether the run's agent may call some tool of `server`.
    func canCall(_ run: Run, server: String) -> Bool {
        guard let spec = (try? Executor.spec(of: run))?.over(defaults), spec.team == nil else { return false }
        let prefix = MCPToolDescriptor.registryName(server: server, tool: "")
        if let role = spec.role, !role.tools.allowed.isEmpty,
           !role.tools.allowed.contains(where: { Glob.matches($0, prefix + "x") || $0.hasPrefix(prefix) }) { return false }
        guard let tools = spec.tools else { return true }
        return tools.contains { $0.hasPrefix(prefix) || Glob.matches($0, prefix + "x") }
    }
}
