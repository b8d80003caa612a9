import JSON

/// An RPC method's params and result schemas, as the OpenAPI document needs
/// them. Params are kept as their properties and required names only, so the
/// host's own table (`oi-host schemas`) and `rpc.discover` (the adapter at
/// start) give the same document.
public struct MethodSchema: Sendable, Equatable {
    public var properties: [String: JSONValue]
    public var required: [String]
    public var result: JSONValue

    public init(properties: [String: JSONValue], required: [String], result: JSONValue) {
        self.properties = properties
        self.required = required.sorted()
        self.result = result
    }

    /// From a params object schema.
    public init(params: JSONValue, result: JSONValue) {
        self.init(properties: params.schemaProperties, required: params.schemaRequired, result: result)
    }

    public var params: JSONValue { Schema.object(properties, required: required) }

    /// The methods of an OpenRPC document (`rpc.discover`'s answer).
    public static func fromOpenRPC(_ document: JSONValue) -> [String: MethodSchema] {
        var methods: [String: MethodSchema] = [:]
        for method in document["methods"]?.arrayValue ?? [] {
            guard let name = method["name"]?.stringValue else { continue }
            var properties: [String: JSONValue] = [:]
            var required: [String] = []
            for param in method["params"]?.arrayValue ?? [] {
                guard let key = param["name"]?.stringValue else { continue }
                properties[key] = param["schema"] ?? Schema.any
                if param["required"]?.boolValue == true { required.append(key) }
            }
            methods[name] = MethodSchema(properties: properties, required: required, result: method["result"]?["schema"] ?? Schema.any)
        }
        return methods
    }
}
