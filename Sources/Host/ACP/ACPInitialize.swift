import JSON
import RPC
import Runtime

/// ACP `initialize`: the editor says what it can do (we remember whether it
/// offers `fs/read_text_file` and `fs/write_text_file`), we say what we do.
enum ACPInitialize: HostMethod {
    static let name = "initialize"
    static let summary = "Agent Client Protocol: negotiates the protocol version (1) and exchanges capabilities."

    struct Params: Decodable, Sendable {
        var protocolVersion: Int64
        var clientCapabilities: JSONValue?
        var clientInfo: JSONValue?
    }

    struct Result: Encodable, Sendable {
        var protocolVersion: Int64
        var agentCapabilities: JSONValue
        var agentInfo: JSONValue
        var authMethods: [JSONValue]
    }

    static let paramsSchema = Schema.object([
        "protocolVersion": Schema.integer(minimum: 0, maximum: 65_535),
        "clientCapabilities": Schema.map(Schema.any),
        "clientInfo": Schema.map(Schema.any),
    ], required: ["protocolVersion"], additional: true)

    static let resultSchema = Schema.object([
        "protocolVersion": Schema.integer(minimum: 0),
        "agentCapabilities": Schema.map(Schema.any),
        "agentInfo": Schema.map(Schema.any),
        "authMethods": Schema.array(Schema.any),
    ], required: ["protocolVersion", "agentCapabilities", "agentInfo", "authMethods"])

    /// Prompts are text, resource links, embedded resources and images
    /// (files become uploads the run takes as attachments); no audio. MCP
    /// servers are stdio only.
    static let capabilities: JSONValue = [
        "loadSession": true,
        "promptCapabilities": ["image": true, "audio": false, "embeddedContext": true],
        "mcpCapabilities": ["http": false, "sse": false],
    ]

    static let example = Result(protocolVersion: ACPMethods.protocolVersion, agentCapabilities: capabilities,
                                agentInfo: ["name": .string(OpenIntern.name), "title": "OpenIntern", "version": .string(OpenIntern.version)],
                                authMethods: [])

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        context.host.acp.clientCapabilities = params.clientCapabilities ?? [:]
        context.host.logger.info("initialized (Agent Client Protocol)", metadata: [
            "client": .string(params.clientInfo?["name"]?.stringValue ?? "?"), "protocol": .stringConvertible(params.protocolVersion),
        ])
        // We speak version 1: a client asking for another gets ours and decides.
        return example
    }
}

/// ACP `authenticate`: nothing to do — we list no auth methods; the tenant
/// scope comes from the configuration and the environment.
enum ACPAuthenticate: HostMethod {
    static let name = "authenticate"
    static let summary = "Agent Client Protocol: accepted and ignored (no auth methods; the scope comes from the configuration)."
    struct Params: Decodable, Sendable { var methodId: String? }
    typealias Result = EmptyResult
    static let paramsSchema = Schema.object(["methodId": Schema.string(maxLength: 256)], additional: true)
    static let resultSchema = Schema.emptyObject
    static let example = EmptyResult()

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result { EmptyResult() }
}
