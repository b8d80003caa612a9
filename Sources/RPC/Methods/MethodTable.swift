import Foundation
import JSON

/// The list of methods a connection answers, built from `RPCMethod` types.
/// Each entry validates params against the method's schema, decodes them,
/// runs the handler and encodes the result; nothing else happens here.
public struct MethodTable: Sendable {
    public typealias RawHandler = @Sendable (JSONValue?, RequestContext) async throws -> [UInt8]

    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let paramsSchema: JSONValue
        public let resultSchema: JSONValue
        public let isNotification: Bool
        let handler: RawHandler

        /// Runs the entry on raw params (validated and decoded by the entry itself).
        public func invoke(_ params: JSONValue?, _ context: RequestContext) async throws -> [UInt8] {
            try await handler(params, context)
        }
    }

    public private(set) var entries: [String: Entry] = [:]
    public private(set) var order: [String] = []

    public init() {}

    public mutating func register<M: RPCMethod>(
        _ method: M.Type,
        handler: @escaping @Sendable (M.Params, RequestContext) async throws -> M.Result
    ) {
        add(method, isNotification: false) { params, context in
            let result = try await handler(params, context)
            return try JSONValueCoding.encodeBytes(result)
        }
    }

    /// A method a peer sends as a notification (no response is written).
    public mutating func registerNotification<M: RPCMethod>(
        _ method: M.Type,
        handler: @escaping @Sendable (M.Params, RequestContext) async throws -> Void
    ) {
        add(method, isNotification: true) { params, context in
            try await handler(params, context)
            return Array("null".utf8)
        }
    }

    private mutating func add<M: RPCMethod>(
        _ method: M.Type, isNotification: Bool,
        body: @escaping @Sendable (M.Params, RequestContext) async throws -> [UInt8]
    ) {
        let schema = M.paramsSchema
        let entry = Entry(
            name: M.name, summary: M.summary, paramsSchema: schema, resultSchema: M.resultSchema,
            isNotification: isNotification
        ) { raw, context in
            let params = try Self.decodeParams(M.Params.self, raw, schema: schema)
            return try await body(params, context)
        }
        if entries[M.name] == nil { order.append(M.name) }
        entries[M.name] = entry
    }

    static func decodeParams<P: Decodable>(_ type: P.Type, _ raw: JSONValue?, schema: JSONValue) throws -> P {
        let value: JSONValue
        switch raw {
        case nil, .null?: value = .object([:])
        case .object?: value = raw!
        default: throw RPCError.invalidParams("params must be an object (by-name)", path: "params")
        }
        let failures = SchemaValidator.validate(value, against: schema, path: "params")
        // A failure with its own code (a bad scope is -32003) wins over plain -32602s.
        if let failure = failures.first(where: { $0.code != nil }) ?? failures.first {
            throw RPCError(code: RPCError.Code(failure.code ?? RPCError.Code.invalidParams.rawValue), message: failure.message,
                           data: ["path": .string(failure.path)])
        }
        do {
            return try JSONValueCoding.decode(P.self, from: value)
        } catch {
            throw RPCError.invalidParams(error.message, path: error.path)
        }
    }

    public subscript(name: String) -> Entry? { entries[name] }

    /// Puts `body` in front of the method `name`, keeping its description and
    /// schemas (the host's `initialize` hands an Agent Client Protocol
    /// `initialize` over to that protocol's table this way).
    public mutating func intercept(_ name: String, _ body: @escaping @Sendable (JSONValue?, RequestContext, Entry) async throws -> [UInt8]) {
        guard let entry = entries[name] else { return }
        entries[name] = Entry(name: entry.name, summary: entry.summary, paramsSchema: entry.paramsSchema, resultSchema: entry.resultSchema,
                              isNotification: entry.isNotification) { params, context in try await body(params, context, entry) }
    }

    /// An OpenRPC 1.3 document describing every registered method.
    public func openRPC(title: String, version: String) -> JSONValue {
        let methods: [JSONValue] = order.compactMap { entries[$0] }.map { entry in
            let properties = entry.paramsSchema["properties"]?.objectValue ?? [:]
            let required = Set(entry.paramsSchema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            let params: [JSONValue] = properties.keys.sorted().map { key in
                ["name": .string(key), "required": .bool(required.contains(key)), "schema": properties[key]!]
            }
            var method: [String: JSONValue] = [
                "name": .string(entry.name),
                "summary": .string(entry.summary),
                "paramStructure": "by-name",
                "params": .array(params),
            ]
            if !entry.isNotification {
                method["result"] = ["name": "result", "schema": entry.resultSchema]
            }
            return .object(method)
        }
        return [
            "openrpc": "1.3.2",
            "info": ["title": .string(title), "version": .string(version)],
            "methods": .array(methods),
        ]
    }
}
