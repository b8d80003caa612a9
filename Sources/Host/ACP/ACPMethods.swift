import JSON
import RPC
import Runtime

/// The Agent Client Protocol's agent side (WIRE.md §10): the methods an
/// editor calls, one type each, served by the same `HostServer` machinery
/// as our JSON-RPC — chosen by `oi-host acp`, or by the first `initialize`
/// carrying an integer `protocolVersion`.
enum ACPMethods {
    static let methods: [any HostMethod.Type] = [
        ACPInitialize.self, ACPAuthenticate.self, SessionNew.self, SessionLoad.self, SessionPrompt.self,
    ]
    static let notifications: [any HostNotification.Type] = [SessionCancel.self]

    /// ACP's generic cancel notification (`$/cancel_request {requestId}`).
    static let cancelMethod = "$/cancel_request"
    static let cancelIDKey = "requestId"
    /// The protocol version we speak (ACP v1).
    static let protocolVersion: Int64 = 1

    static func table(_ host: HostContext) -> MethodTable {
        var table = MethodTable()
        for method in methods { table.add(method, host: host) }
        for notification in notifications { table.add(notification, host: host) }
        return table
    }

    /// Our table, whose `initialize` hands a connection over to ACP when the
    /// client sends an integer `protocolVersion` (ACP's; ours are strings).
    /// Nothing else of our protocol changes.
    static func detecting(in ours: MethodTable, _ host: HostContext) -> MethodTable {
        var table = ours
        let acp = self.table(host)
        table.intercept(ACPInitialize.name) { params, request, own in
            guard case .int? = params?["protocolVersion"], let initialize = acp[ACPInitialize.name] else {
                return try await own.invoke(params, request)
            }
            host.logger.info("the client speaks the Agent Client Protocol; switching the connection to it")
            request.connection.adopt(acp, cancelMethod: cancelMethod, cancelIDKey: cancelIDKey)
            return try await initialize.invoke(params, request)
        }
        return table
    }
}

/// Schemas ACP's methods share. ACP objects may carry `_meta` and fields of
/// later revisions: every object accepts more than it names.
enum ACPSchemas {
    static let sessionID = Schema.string(minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_:-][A-Za-z0-9._:-]*$")
    static let cwd = Schema.string(minLength: 1, maxLength: 4096, description: "An existing absolute folder, outside the host's data folder.")
    static let mcpServer = Schema.object([
        "name": Schema.string(minLength: 1, maxLength: 128),
        "command": Schema.string(minLength: 1, maxLength: 4096),
        "args": Schema.array(Schema.string(maxLength: 65_536), maxItems: 1024),
        "env": Schema.array(Schema.object(["name": Schema.string(minLength: 1, maxLength: 1024), "value": Schema.string(maxLength: 65_536)],
                                          required: ["name", "value"], additional: true), maxItems: 1024),
        "type": Schema.string(maxLength: 64),
        "url": Schema.string(maxLength: 4096),
        "headers": Schema.array(Schema.any),
    ], required: ["name"], additional: true)
    static let mcpServers = Schema.array(mcpServer, maxItems: 64)
    static let contentBlock = Schema.object(["type": Schema.string(minLength: 1, maxLength: 64)], required: ["type"], additional: true)
}
