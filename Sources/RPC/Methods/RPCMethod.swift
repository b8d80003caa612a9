import Foundation
import Synchronization
import JSON

/// One JSON-RPC method: its wire name, typed params and result, and the JSON
/// Schemas that describe them (served by `rpc.discover` and mirrored in
/// `schemas/`). The schema is also what params are validated against, so a
/// bad field is reported with its path before any handler runs.
public protocol RPCMethod: Sendable {
    associatedtype Params: Decodable & Sendable
    associatedtype Result: Encodable & Sendable
    static var name: String { get }
    static var summary: String { get }
    static var paramsSchema: JSONValue { get }
    static var resultSchema: JSONValue { get }
}

/// Params of a method that takes none; accepts an absent or empty `params`.
public struct EmptyParams: Codable, Sendable, Equatable {
    public init() {}
}

/// Result of a method that has nothing to say but "done".
public struct EmptyResult: Codable, Sendable, Equatable {
    public init() {}
}

/// What a handler knows about the request it is answering.
public struct RequestContext: Sendable {
    public let id: RequestID?
    public let method: String
    public let connection: RPCConnection
    let hooks = ResponseHooks()

    public init(id: RequestID?, method: String, connection: RPCConnection) {
        self.id = id
        self.method = method
        self.connection = connection
    }

    /// Runs `action` once the response has been queued for writing, so
    /// notifications it sends (e.g. a subscription's first events) can never
    /// overtake the response that announced them.
    public func afterResponse(_ action: @escaping @Sendable () -> Void) {
        hooks.add(action)
    }
}

/// Actions waiting for a response to be queued.
final class ResponseHooks: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    func add(_ action: @escaping @Sendable () -> Void) { actions.withLock { $0.append(action) } }

    func run() {
        let pending = actions.withLock { list -> [@Sendable () -> Void] in
            defer { list = [] }
            return list
        }
        for action in pending { action() }
    }
}
