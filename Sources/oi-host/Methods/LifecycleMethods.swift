import RPC
import Runtime

/// `initialize`: the first request of every connection.
enum Initialize: RPCMethod {
    static let name = "initialize"
    static let summary = "Opens the session: negotiates the protocol version and sets the connection's default scope."

    struct ClientInfo: Codable, Sendable {
        var name: String
        var version: String?
    }

    struct Params: Codable, Sendable {
        /// A string of ours; an integer is the Agent Client Protocol's (reserved).
        var protocolVersion: JSONValue
        var clientInfo: ClientInfo?
        var scope: ScopeParams?
    }

    struct ServerInfo: Codable, Sendable {
        var name: String
        var version: String
    }

    struct Result: Codable, Sendable {
        var protocolVersion: String
        var serverInfo: ServerInfo
        var capabilities: JSONValue
        var scope: ScopeParams
    }

    static let paramsSchema = Schema.object([
        "protocolVersion": Schema.anyOf([Schema.string(minLength: 1, maxLength: 64), Schema.integer(minimum: 0)]),
        "clientInfo": Schema.object(["name": Schema.string(maxLength: 256), "version": Schema.string(maxLength: 256)], required: ["name"], additional: true),
        "capabilities": Schema.map(Schema.any),
        "scope": ScopeParams.schema,
    ], required: ["protocolVersion"], additional: true)

    static let resultSchema = Schema.object([
        "protocolVersion": Schema.string(),
        "serverInfo": Schema.object(["name": Schema.string(), "version": Schema.string()], required: ["name", "version"]),
        "capabilities": Schema.map(Schema.any),
        "scope": ScopeParams.schema,
    ], required: ["protocolVersion", "serverInfo", "capabilities", "scope"])
}

/// `shutdown`: stop accepting requests; the client then sends `exit` or closes stdin.
enum Shutdown: RPCMethod {
    static let name = "shutdown"
    static let summary = "Stops accepting new requests; in-flight ones finish. Follow with exit or close stdin."
    typealias Params = EmptyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.emptyObject
}

/// `exit` (a notification): the host stops and exits 0.
enum Exit: RPCMethod {
    static let name = "exit"
    static let summary = "Notification: the host flushes its output and exits with status 0."
    typealias Params = EmptyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.emptyObject
}

/// `rpc.discover`: the OpenRPC document of every method, generated from the method table.
enum RPCDiscover: RPCMethod {
    static let name = "rpc.discover"
    static let summary = "Returns the OpenRPC 1.3 document describing every method with its params and result schemas."
    typealias Params = EmptyParams
    typealias Result = JSONValue
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.object([
        "openrpc": Schema.string(),
        "info": Schema.object(["title": Schema.string(), "version": Schema.string()], required: ["title", "version"]),
        "methods": Schema.array(Schema.object([
            "name": Schema.string(), "summary": Schema.string(), "paramStructure": Schema.string(),
            "params": Schema.array(Schema.map(Schema.any)), "result": Schema.map(Schema.any),
        ], required: ["name", "params"])),
    ], required: ["openrpc", "info", "methods"])
}
