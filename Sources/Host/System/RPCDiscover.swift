import JSON
import RPC
import Runtime

/// `rpc.discover`: the OpenRPC document of every method, generated from the method table.
enum RPCDiscover: HostMethod {
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
    static let example: JSONValue = [
        "openrpc": "1.3.2", "info": ["title": "OpenIntern oi-host", "version": .string(OpenIntern.version)],
        "methods": [["name": "system/health", "summary": .string(SystemHealth.summary), "paramStructure": "by-name", "params": [],
                     "result": ["name": "result", "schema": SystemHealth.resultSchema]]],
    ]

    static func handle(_ params: Params, _ context: HandlerContext) async throws -> Result {
        context.request.connection.table.openRPC(title: "OpenIntern oi-host", version: OpenIntern.version)
    }
}
