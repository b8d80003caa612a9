import JSON

/// A seed route's request body where it differs from the method's params:
/// its schema (for the OpenAPI document) and the translation into params.
public struct RequestShape: Sendable {
    public let name: String
    /// The body's schema, from the method's params schema (properties without `scope`).
    public let schema: @Sendable (_ paramsSchema: JSONValue) -> JSONValue
    /// Body (scope fields already taken out) → params (without path values and scope).
    public let translate: @Sendable (_ body: [String: JSONValue]) throws(RESTError) -> [String: JSONValue]
    /// Param names as the seed's body calls them, for `details.field` (`call_id` → `tool_call_id`).
    public let fieldNames: [String: String]
}

/// A seed route's response body where it differs from the method's result.
public struct ResponseShape: Sendable {
    public let name: String
    /// The response's schema, from the method's result schema.
    public let schema: @Sendable (_ resultSchema: JSONValue) -> JSONValue
    public let transform: @Sendable (_ result: JSONValue, _ context: ResponseContext) -> JSONValue
}

/// What a response shape may need besides the result.
public struct ResponseContext: Sendable {
    /// Open SSE streams (the seed's health reports them).
    public var sseClients: Int
    /// Now, as RFC 3339 (the seed's health `timestamp`).
    public var timestamp: String

    public init(sseClients: Int = 0, timestamp: String = "") {
        self.sseClients = sseClients
        self.timestamp = timestamp
    }
}

extension JSONValue {
    /// An object schema's properties and required names.
    var schemaProperties: [String: JSONValue] { self["properties"]?.objectValue ?? [:] }
    var schemaRequired: [String] { self["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// This object schema with properties added (and made required when asked).
    func addingProperties(_ added: [String: JSONValue], required: [String] = []) -> JSONValue {
        guard case .object(var o) = self else { return self }
        var properties = schemaProperties
        for (k, v) in added { properties[k] = v }
        o["properties"] = .object(properties)
        let names = schemaRequired + required.filter { !schemaRequired.contains($0) }
        if !names.isEmpty { o["required"] = .array(names.map(JSONValue.string)) }
        return .object(o)
    }

    /// This object schema without some properties.
    func removingProperties(_ names: Set<String>) -> JSONValue {
        guard case .object(var o) = self else { return self }
        o["properties"] = .object(schemaProperties.filter { !names.contains($0.key) })
        let required = schemaRequired.filter { !names.contains($0) }
        o["required"] = required.isEmpty ? nil : .array(required.map(JSONValue.string))
        return .object(o)
    }
}
