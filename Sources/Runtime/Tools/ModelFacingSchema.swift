import JSON

/// The copy of a tool's input schema a model is shown: the shape (types,
/// properties, required, enums, descriptions) without validation-only bounds
/// (`maxLength`, `maxItems`, `pattern`, `format`). Arguments are still
/// validated against the full schema before the call. Servers that turn
/// schemas into decoding grammars (llama.cpp and its kin) refuse or crash on
/// large repetition bounds such as `maxLength: 1024`, and no model needs them.
enum ModelFacingSchema {
    static let validationOnly: Set<String> = ["maxLength", "maxItems", "pattern", "format"]

    static func simplify(_ schema: JSONValue) -> JSONValue {
        switch schema {
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (key, value) in o where !validationOnly.contains(key) {
                // `properties` maps names to schemas; everything else nests schemas directly.
                if key == "properties", case .object(let props) = value {
                    out[key] = .object(props.mapValues(simplify))
                } else {
                    out[key] = simplify(value)
                }
            }
            return .object(out)
        case .array(let a):
            return .array(a.map(simplify))
        default:
            return schema
        }
    }
}

extension Tool {
    /// What the model is told about this tool.
    var modelSpec: ToolSpec { ToolSpec(name: name, description: description, inputSchema: ModelFacingSchema.simplify(inputSchema)) }
}
