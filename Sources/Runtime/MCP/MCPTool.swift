import JSON

/// A tool as an MCP server lists it (WIRE.md §7.4).
public struct MCPToolDescriptor: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var description: String
    public var inputSchema: JSONValue
    public var annotations: JSONValue?

    static func parse(_ value: JSONValue, server: String) -> Result<MCPToolDescriptor, MCPError> {
        guard let name = value["name"]?.stringValue, !name.isEmpty, name.count <= 128 else {
            return .failure(MCPError(.invalidResponse, server: server, "a tool without a valid name: \(value.description.prefix(200))"))
        }
        guard let schema = value["inputSchema"], case .object = schema else {
            return .failure(MCPError(.invalidResponse, server: server, "tool \(name) has no inputSchema object"))
        }
        let title = value["title"]?.stringValue ?? value["annotations"]?["title"]?.stringValue
        return .success(MCPToolDescriptor(name: name, title: title, description: value["description"]?.stringValue ?? title ?? "",
                                          inputSchema: schema, annotations: value["annotations"]))
    }

    /// From the annotations, which are untrusted hints: read-only is low, a
    /// tool that says it is destructive is high (ToolPolicy asks before each
    /// call), anything else medium. Unannotated tools are not asked about on
    /// every call: the operator chose the server, the built-in high-risk rules
    /// still judge each call's name and arguments, and `tools.rules` can ask
    /// for any of them.
    public var risk: RiskLevel {
        if annotations?["readOnlyHint"]?.boolValue == true { return .low }
        if annotations?["destructiveHint"]?.boolValue == true { return .high }
        return .medium
    }

    /// `server__tool`, with characters model APIs refuse in tool names
    /// (anything but `A-Za-z0-9_-`, e.g. MCP's `.`) replaced by `_`.
    public static func registryName(server: String, tool: String) -> String {
        let raw = "\(server)__\(tool)"
        return String(raw.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "-": return Character(scalar)
            default: return "_"
            }
        })
    }
}

/// An MCP server's tool in our registry: named `server__tool`, described by
/// the server's own schema, called through the server's connection.
struct MCPTool: Tool {
    let name: String
    let remoteName: String
    let description: String
    let inputSchema: JSONValue
    let risk: RiskLevel
    let source: ToolSource
    let timeout: Duration?
    /// The server's `annotations.readOnlyHint` (a hint, but the only word we have).
    let isReadOnly: Bool
    let connection: MCPServerConnection

    init(_ descriptor: MCPToolDescriptor, connection: MCPServerConnection) {
        let config = connection.config
        name = MCPToolDescriptor.registryName(server: config.name, tool: descriptor.name)
        remoteName = descriptor.name
        description = descriptor.description
        inputSchema = descriptor.inputSchema
        risk = descriptor.risk
        isReadOnly = descriptor.annotations?["readOnlyHint"]?.boolValue == true
        source = .mcp(server: config.name)
        // The connection enforces the configured timeout (and tells the
        // server); the executor's limit only backs it up.
        timeout = .milliseconds(config.timeoutMs) + .seconds(5)
        self.connection = connection
    }

    func call(_ arguments: JSONValue, context: ToolContext) async throws -> ToolOutput {
        do {
            return try await connection.call(remoteName, arguments: arguments)
        } catch where error.code == .cancelled {
            throw CancellationError()
        } catch {
            throw ToolFailure(error.description)
        }
    }
}
