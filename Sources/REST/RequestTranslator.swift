import JSON

/// Builds a route's RPC params from what the request carried: path values,
/// query parameters and the JSON body (scope fields taken out: the adapter
/// resolves the scope and passes it as `scope`).
public enum RequestTranslator {
    /// Body members that name the scope (the seed's rule: header > body > query).
    public static let scopeFields: Set<String> = ["org_id", "user_id", "project_id"]

    public static func params(
        for route: Route, path: [String: String], query: [(name: String, value: String)], body: JSONValue?, scope: JSONValue?
    ) throws(RESTError) -> JSONValue {
        var params: [String: JSONValue] = [:]
        if route.hasBody, let body {
            guard case .object(var members) = body else {
                throw RESTError.validation("the request body must be a JSON object", field: nil)
            }
            for field in scopeFields where !(field == "project_id" && route.projectIsParam) {
                members.removeValue(forKey: field)
            }
            params = try route.request?.translate(members) ?? members
        }
        for parameter in route.query {
            // An empty text value is no value (the seed's rule; `?project_id=` is how a null is sent).
            let values = query.filter { $0.name == parameter.name && !($0.value.isEmpty && parameter.kind == .string) }.map(\.value)
            guard !values.isEmpty else { continue }
            if parameter.param == "project_id" && !route.projectIsParam { continue }
            params[parameter.param] = try value(values, as: parameter)
        }
        for (name, value) in path { params[name] = .string(value) }
        if route.scoped, let scope { params["scope"] = scope }
        return .object(params)
    }

    static func value(_ values: [String], as parameter: QueryParameter) throws(RESTError) -> JSONValue {
        switch parameter.kind {
        case .list:
            let items = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: true).map(String.init) }
            return .array(items.map(JSONValue.string))
        case .string:
            return .string(values[values.count - 1])
        case .integer:
            let text = values[values.count - 1]
            guard let number = Int64(text) else {
                throw RESTError.validation("\(parameter.name) must be an integer", field: parameter.name)
            }
            return .int(number)
        case .boolean:
            switch values[values.count - 1].lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: throw RESTError.validation("\(parameter.name) must be true, false, 1 or 0", field: parameter.name)
            }
        }
    }
}
