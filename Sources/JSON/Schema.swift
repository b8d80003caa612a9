/// Small builders for the JSON Schemas (draft 2020-12 subset) that describe
/// method params, results and events. They read like the schema they produce.
public enum Schema {
    public static func object(
        _ properties: [String: JSONValue], required: [String] = [], additional: Bool = false,
        description: String? = nil
    ) -> JSONValue {
        var o: [String: JSONValue] = [
            "type": "object",
            "properties": .object(properties),
            "additionalProperties": .bool(additional),
        ]
        if !required.isEmpty { o["required"] = .array(required.map(JSONValue.string)) }
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    /// An object whose values all follow `values` (a map).
    public static func map(_ values: JSONValue, description: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "object", "additionalProperties": values]
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    public static func string(
        minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil, format: String? = nil,
        description: String? = nil
    ) -> JSONValue {
        var o: [String: JSONValue] = ["type": "string"]
        if let minLength { o["minLength"] = .int(Int64(minLength)) }
        if let maxLength { o["maxLength"] = .int(Int64(maxLength)) }
        if let pattern { o["pattern"] = .string(pattern) }
        if let format { o["format"] = .string(format) }
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    public static func oneOf(strings values: [String], description: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "string", "enum": .array(values.map(JSONValue.string))]
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    public static func integer(minimum: Int64? = nil, maximum: Int64? = nil, description: String? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "integer"]
        if let minimum { o["minimum"] = .int(minimum) }
        if let maximum { o["maximum"] = .int(maximum) }
        if let description { o["description"] = .string(description) }
        return .object(o)
    }

    public static func number(minimum: Double? = nil, maximum: Double? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "number"]
        if let minimum { o["minimum"] = .double(minimum) }
        if let maximum { o["maximum"] = .double(maximum) }
        return .object(o)
    }

    public static let boolean: JSONValue = ["type": "boolean"]
    public static let null: JSONValue = ["type": "null"]
    /// Any JSON value.
    public static let any: JSONValue = [:]
    public static let timestamp: JSONValue = string(format: "date-time")

    public static func array(_ items: JSONValue, minItems: Int? = nil, maxItems: Int? = nil) -> JSONValue {
        var o: [String: JSONValue] = ["type": "array", "items": items]
        if let minItems { o["minItems"] = .int(Int64(minItems)) }
        if let maxItems { o["maxItems"] = .int(Int64(maxItems)) }
        return .object(o)
    }

    public static func nullable(_ schema: JSONValue) -> JSONValue {
        ["anyOf": [schema, null]]
    }

    public static func anyOf(_ schemas: [JSONValue]) -> JSONValue {
        ["anyOf": .array(schemas)]
    }

    /// `schema`, whose failures are answered with `code` instead of -32602
    /// (the vendor keyword `x-error-code`; validators that do not know it ignore it).
    public static func failing(_ schema: JSONValue, with code: Int) -> JSONValue {
        guard case .object(var o) = schema else { return schema }
        o["x-error-code"] = .int(Int64(code))
        return .object(o)
    }

    /// An empty object (`{}`), e.g. the result of `shutdown`.
    public static let emptyObject: JSONValue = object([:])
}
