import JSON
import RPC
import Runtime

/// `initialize`: the first request of every connection; it sets the
/// connection's default scope and says what the host speaks.
enum Initialize: HostMethod {
    static let name = "initialize"
    static let summary = "Opens the session: negotiates the protocol version and sets the connection's default scope."

    struct ClientInfo: Codable, Sendable {
        var name: String
        var version: String?
    }

    struct Params: Decodable, Sendable {
        /// A string of ours; an integer is the Agent Client Protocol's (reserved).
        var protocolVersion: JSONValue
        var clientInfo: ClientInfo?
        var scope: ScopeParams?
    }

    struct ServerInfo: Codable, Sendable {
        var name: String
        var version: String
    }

    struct Result: Encodable, Sendable {
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

    static let example = Result(
        protocolVersion: OpenIntern.protocolVersion, serverInfo: .init(name: OpenIntern.name, version: OpenIntern.version),
        capabilities: capabilities(maxLineBytes: 16 << 20), scope: ScopeParams(orgID: "acme", userID: "ann"))

    static func capabilities(maxLineBytes: Int64) -> JSONValue {
        ["batch": true, "cancelRequest": "$/cancelRequest", "maxLineBytes": .int(maxLineBytes), "discover": "rpc.discover"]
    }

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        let supported = OpenIntern.supportedProtocolVersions
        guard let requested = params.protocolVersion.stringValue, supported.contains(requested) else {
            let acp = params.protocolVersion.intValue != nil ? " (an integer is the Agent Client Protocol's, which this host does not speak yet)" : ""
            throw RPCError(code: .invalidParams, message: "unsupported protocol version \(params.protocolVersion)\(acp); supported: \(supported.joined(separator: ", "))",
                           data: ["path": "params.protocolVersion", "supported": .array(supported.map(JSONValue.string)), "requested": params.protocolVersion])
        }
        let host = context.host
        if let scope = params.scope { try scope.validate(path: "params.scope") }
        let scope = (params.scope ?? ScopeParams()).over(host.defaultScope)
        await host.session.begin(scope: scope, client: params.clientInfo?.name)
        host.logger.info("initialized", metadata: ["client": .string(params.clientInfo?.name ?? "?"), "protocol": .string(requested)])
        return Result(protocolVersion: OpenIntern.protocolVersion, serverInfo: .init(name: OpenIntern.name, version: OpenIntern.version),
                      capabilities: capabilities(maxLineBytes: host.config.int("rpc.maxLineBytes") ?? 16 << 20), scope: scope)
    }
}

/// `shutdown`: stop accepting requests; the client then sends `exit` or closes stdin.
enum Shutdown: HostMethod {
    static let name = "shutdown"
    static let summary = "Stops accepting new requests; in-flight ones finish. Follow with exit or close stdin."
    typealias Params = EmptyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.emptyObject
    static let example = EmptyResult()

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        context.request.connection.beginShutdown()
        return EmptyResult()
    }
}

/// `exit` (a notification): the host stops and exits 0.
enum Exit: HostNotification {
    static let name = "exit"
    static let summary = "Notification: the host answers what it has read, flushes its output and exits with status 0."
    typealias Params = EmptyParams
    typealias Result = EmptyResult
    static let paramsSchema = Schema.emptyObject
    static let resultSchema = Schema.emptyObject

    static func handle(_ params: Params, _ context: HandlerContext) async throws {
        context.request.connection.stop()
    }
}
