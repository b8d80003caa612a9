import Foundation
import JSON
import Logging
import RPC
import Runtime
import Store

#if canImport(Glibc)
import Glibc
#endif

/// What `session/new` and `session/load` share: checking the working
/// folder, starting the session's MCP servers and attaching the session to
/// the runtime, so its runs get those servers' tools, the plan tool and the
/// editor's files.
enum ACPSessionSetup {
    /// The working folder, resolved: an existing absolute folder outside the
    /// host's data folder and the tenants' workspace root (-32602 otherwise).
    static func workingFolder(_ cwd: String, engine: Engine) throws -> String {
        let resolved: String
        do { resolved = try Workspace.clientRoot(cwd) } catch { throw RPCError.invalidParams(error.message, path: "params.cwd") }
        for (folder, what) in [(engine.dataDirectory, "the host's data folder"), (workspaceRoot(engine), "the tenants' workspace root")] {
            let forbidden = realPath(folder)
            if resolved == forbidden || resolved.hasPrefix(forbidden + "/") {
                throw RPCError.invalidParams("cwd \(cwd) is inside \(what) (\(forbidden))", path: "params.cwd")
            }
        }
        return resolved
    }

    static func workspaceRoot(_ engine: Engine) -> String {
        engine.config.string("sandbox.jailDir") ?? engine.config.string("agent.workDir")
            ?? (engine.dataDirectory as NSString).appendingPathComponent("workspace")
    }

    static func realPath(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        guard let raw = realpath(absolute, nil) else { return (absolute as NSString).standardizingPath }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// The editor's `mcpServers` as server settings: stdio ones only (we
    /// advertise neither `http` nor `sse`), started in the working folder.
    static func servers(_ list: [JSONValue], cwd: String, config: Config) throws -> [MCPServerConfig] {
        let limits = MCPClientLimits(config: config)
        var seen = Set<String>()
        return try list.enumerated().map { index, entry in
            let path = "params.mcpServers[\(index)]"
            if let kind = entry["type"]?.stringValue, kind != "stdio" {
                throw RPCError.invalidParams("\(kind) MCP servers are not supported (mcpCapabilities says so); use stdio servers", path: path + ".type")
            }
            guard let name = entry["name"]?.stringValue, let command = entry["command"]?.stringValue, !command.isEmpty else {
                throw RPCError.invalidParams("an MCP server needs a name and a command", path: path)
            }
            guard seen.insert(name).inserted else { throw RPCError.invalidParams("two MCP servers are named \(name)", path: path + ".name") }
            var env: [String: String] = [:]
            for variable in entry["env"]?.arrayValue ?? [] {
                if let key = variable["name"]?.stringValue { env[key] = variable["value"]?.stringValue ?? "" }
            }
            return MCPServerConfig(name: name, command: command, args: entry["args"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                                   env: env, cwd: cwd, limits: limits)
        }
    }

    /// The servers as stored for `session/load`: environment values are left
    /// out (they may be secrets, which the database never holds); their names stay.
    static func storable(_ list: [JSONValue]) -> JSONValue {
        .array(list.map { entry in
            guard case .object(var o) = entry else { return entry }
            if let env = o["env"]?.arrayValue {
                o["env"] = .array(env.map { ["name": $0["name"] ?? "", "value": ""] })
            }
            return .object(o)
        })
    }

    /// Opens a session on this connection: its servers start, its runs get
    /// their tools, the plan tool and (when the editor offers them) its files.
    @discardableResult
    static func open(_ id: String, scope: Scope, cwd: String, servers: [MCPServerConfig], engine: Engine,
                     _ context: HandlerContext) throws -> ACPSession {
        let host = context.host
        let tools = ToolRegistry([UpdatePlanTool()], over: engine.tools)
        let manager = MCPManager(servers: servers, registry: tools, logger: Logger(label: "oi.acp.mcp"))
        let files = ACPFiles(connection: context.request.connection, sessionID: id, capabilities: host.acp.clientCapabilities)
        let attachments = engine.sessions.attachments
        let token = attachments.attach(SessionAttachment(tools: tools, files: files.canRead || files.canWrite ? files : nil), session: id, in: scope)
        let session = ACPSession(id: id, scope: scope, cwd: cwd, servers: manager) {
            attachments.detach(session: id, in: scope, token: token)
        }
        guard host.acp.open(session) else { throw RPCError(code: .shuttingDown, message: "the connection is closing") }
        return session
    }
}
