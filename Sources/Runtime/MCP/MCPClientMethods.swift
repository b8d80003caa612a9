import Logging
import RPC

/// What an MCP server may send us. A tools-only client answers `ping` and
/// acts on two notifications; every other server request (roots, sampling,
/// elicitation — capabilities we never advertise) gets -32601.
enum MCPClientMethods {
    enum Ping: RPCMethod {
        static let name = "ping"
        static let summary = "Liveness check from the server."
        typealias Params = EmptyParams
        typealias Result = EmptyResult
        static let paramsSchema = Schema.object([:], additional: true)
        static let resultSchema = Schema.emptyObject
    }

    enum ToolsListChanged: RPCMethod {
        static let name = "notifications/tools/list_changed"
        static let summary = "The server's tool list changed; list it again."
        typealias Params = EmptyParams
        typealias Result = EmptyResult
        static let paramsSchema = Schema.object([:], additional: true)
        static let resultSchema = Schema.emptyObject
    }

    enum Message: RPCMethod {
        static let name = "notifications/message"
        static let summary = "A log record from the server."
        struct Params: Decodable, Sendable {
            var level: String
            var logger: String?
            var data: JSONValue?
        }
        typealias Result = EmptyResult
        static let paramsSchema = Schema.object(["level": Schema.string(), "logger": Schema.string()], required: ["level"], additional: true)
        static let resultSchema = Schema.emptyObject
    }

    static func table(server: String, logger: Logger, toolsChanged: @escaping @Sendable () -> Void) -> MethodTable {
        var table = MethodTable()
        table.register(Ping.self) { _, _ in EmptyResult() }
        table.registerNotification(ToolsListChanged.self) { _, _ in toolsChanged() }
        table.registerNotification(Message.self) { params, _ in
            var metadata: Logger.Metadata = ["mcp_server": .string(server)]
            if let name = params.logger { metadata["mcp_logger"] = .string(name) }
            let text = params.data?.stringValue ?? params.data?.description ?? ""
            logger.log(level: level(params.level), "\(text)", metadata: metadata)
        }
        return table
    }

    /// MCP's syslog levels onto swift-log's.
    static func level(_ mcp: String) -> Logger.Level {
        switch mcp {
        case "debug": return .debug
        case "info": return .info
        case "notice": return .notice
        case "warning": return .warning
        case "error": return .error
        case "critical", "alert", "emergency": return .critical
        default: return .info
        }
    }
}
