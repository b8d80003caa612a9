import JSON
import RPC
import Runtime

/// MCP as a server (`oi-host mcp`, WIRE.md §7): runs and memory as tools,
/// run traces as resources, for any MCP client. One type per method, served
/// by the same `HostServer` machinery; the scope is the configuration's.
enum MCPServerMethods {
    static let methods: [any HostMethod.Type] = [
        MCPInitialize.self, MCPPing.self, MCPLoggingSetLevel.self, MCPToolsList.self, MCPToolsCall.self,
        MCPResourcesList.self, MCPResourceTemplatesList.self, MCPResourcesRead.self,
    ]
    static let notifications: [any HostNotification.Type] = [MCPInitialized.self]

    static let initializeMethod = MCPInitialize.name
    /// Handshake versions we answer (2024-11-05 … 2025-11-25); another is answered with the newest.
    static let supportedVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]

    static func table(_ host: HostContext) -> MethodTable {
        var table = MethodTable()
        for method in methods { table.add(method, host: host) }
        for notification in notifications { table.add(notification, host: host) }
        return table
    }

    /// Runs one of the host's own methods on params we built (validated
    /// against its schema first, as the table would) and gives back its
    /// result as a JSON value: the tools are our JSON-RPC methods in MCP's clothes.
    static func invoke<M: HostMethod>(_ method: M.Type, _ params: JSONValue, _ context: HandlerContext) async throws -> JSONValue {
        let failures = SchemaValidator.validate(params, against: M.paramsSchema, path: "arguments")
        if let first = failures.first { throw RPCError.invalidParams(first.message, path: first.path) }
        let decoded: M.Params
        do { decoded = try JSONValueCoding.decode(M.Params.self, from: params, path: "arguments") } catch {
            throw RPCError.invalidParams(error.message, path: error.path)
        }
        return try JSONParser.parse(JSONValueCoding.encodeBytes(try await M.handle(decoded, context)))
    }
}

/// MCP `initialize`: the version (echoed when we speak it, else our newest),
/// tools and resources as capabilities, and who we are.
enum MCPInitialize: HostMethod {
    static let name = "initialize"
    static let summary = "MCP: negotiates the protocol version (2024-11-05 to 2025-11-25) and says the server offers tools and resources."

    struct Params: Decodable, Sendable {
        var protocolVersion: String
        var capabilities: JSONValue?
        var clientInfo: JSONValue?
    }

    struct Result: Encodable, Sendable {
        var protocolVersion: String
        var capabilities: JSONValue
        var serverInfo: JSONValue
        var instructions: String
    }

    static let paramsSchema = Schema.object([
        "protocolVersion": Schema.string(minLength: 1, maxLength: 64),
        "capabilities": Schema.map(Schema.any),
        "clientInfo": Schema.map(Schema.any),
    ], required: ["protocolVersion"], additional: true)
    static let resultSchema = Schema.object([
        "protocolVersion": Schema.string(), "capabilities": Schema.map(Schema.any), "serverInfo": Schema.map(Schema.any),
        "instructions": Schema.string(),
    ], required: ["protocolVersion", "capabilities", "serverInfo"])

    static let example = Result(
        protocolVersion: "2025-11-25", capabilities: ["tools": ["listChanged": false], "resources": ["listChanged": false, "subscribe": false]],
        serverInfo: ["name": .string(OpenIntern.name), "title": "OpenIntern", "version": .string(OpenIntern.version)],
        instructions: "run_agent runs an OpenIntern agent on a task (it keeps the session's conversation by session_key); get_run and list_runs read runs; memory_search and memory_write use the long-term memory. Run traces are resources openintern://runs/{run_id}.")

    static func handle(_ p: Params, _ context: HandlerContext) async throws -> Result {
        var result = example
        result.protocolVersion = MCPServerMethods.supportedVersions.contains(p.protocolVersion) ? p.protocolVersion : MCPServerMethods.supportedVersions.last!
        context.host.logger.info("initialized (MCP server)", metadata: [
            "client": .string(p.clientInfo?["name"]?.stringValue ?? "?"), "protocol": .string(result.protocolVersion),
        ])
        return result
    }
}

/// `notifications/initialized`: nothing to do.
enum MCPInitialized: HostNotification {
    static let name = "notifications/initialized"
    static let summary = "MCP: the client finished the handshake."
    typealias Params = MCPAnyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object([:], additional: true)
    static let resultSchema = Schema.emptyObject
    static func handle(_ params: Params, _ context: HandlerContext) async throws {}
}

/// `ping` → `{}` (answered before `initialize` too).
enum MCPPing: HostMethod {
    static let name = "ping"
    static let summary = "MCP: answers {}."
    typealias Params = MCPAnyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object([:], additional: true)
    static let resultSchema = Schema.emptyObject
    static let example = EmptyResult()
    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result { EmptyResult() }
}

/// `logging/setLevel`: accepted (our logs go to stderr, never to the client).
enum MCPLoggingSetLevel: HostMethod {
    static let name = "logging/setLevel"
    static let summary = "MCP: accepted; the server's logs go to its stderr."
    typealias Params = MCPAnyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object(["level": Schema.string(maxLength: 32)], additional: true)
    static let resultSchema = Schema.emptyObject
    static let example = EmptyResult()
    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result { EmptyResult() }
}

/// Params we do not read (MCP adds `_meta` anywhere).
struct MCPAnyParams: Decodable, Sendable {
    init(from decoder: any Decoder) throws {}
}
