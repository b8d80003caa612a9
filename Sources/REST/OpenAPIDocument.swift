import JSON

/// The OpenAPI 3.1 document of the REST API, generated from `RouteTable`
/// and the methods' schemas, so routes, bodies and results cannot drift from
/// the RPC surface. `oi-host schemas` writes it to `schemas/openapi.json`;
/// the adapter serves the same document, built from its host's `rpc.discover`.
public enum OpenAPIDocument {
    public static func build(methods: [String: MethodSchema], version: String) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in RouteTable.all {
            guard let method = methods[route.method] ?? (route.kind == .openAPI ? MethodSchema(properties: [:], required: [], result: Schema.any) : nil)
            else { continue }
            paths[route.path, default: [:]][route.verb.rawValue.lowercased()] = operation(route, method)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "OpenIntern REST API",
                "version": .string(version),
                "description": "The oi-host JSON-RPC surface as REST and server-sent events (docs/rest.md). Errors are {error: {code, message, details}}.",
            ],
            "paths": .object(paths.mapValues(JSONValue.object)),
            "components": [
                "securitySchemes": [
                    "bearerAuth": ["type": "http", "scheme": "bearer", "description": "An API token from `oi-host tokens create`."],
                    "accessToken": ["type": "apiKey", "in": "query", "name": "access_token",
                                    "description": "The same token, for stream routes (a browser's EventSource cannot send headers)."],
                ],
                "schemas": ["Error": errorSchema],
            ],
            "security": [["bearerAuth": []]],
        ]
    }

    static let errorSchema = Schema.object([
        "error": Schema.object([
            "code": Schema.string(), "message": Schema.string(), "details": Schema.map(Schema.any),
        ], required: ["code", "message", "details"]),
    ], required: ["error"])

    static let idSchema = Schema.string(minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9_:-][A-Za-z0-9._:-]*$")
    /// A scope header: an id, or empty (the seed's rule: empty is missing).
    static let scopeHeaderSchema = Schema.string(maxLength: 128, pattern: "^([A-Za-z0-9_:-][A-Za-z0-9._:-]*)?$")

    static func operation(_ route: Route, _ method: MethodSchema) -> JSONValue {
        let pathNames = Set(route.pathParameters)
        var parameters: [JSONValue] = route.pathParameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": method.properties[name] ?? Schema.string(minLength: 1)]
        }
        for query in route.query {
            parameters.append(["name": .string(query.name), "in": "query", "required": false, "schema": querySchema(query, method)])
        }
        if route.scoped {
            for field in ["org_id", "user_id", "project_id"] {
                parameters.append([
                    "name": .string("x-" + field.replacingOccurrences(of: "_", with: "-")), "in": "header", "required": false,
                    "schema": scopeHeaderSchema,
                    "description": .string("The request's \(field) (header > body > query; empty is missing); a token allows only its own."),
                ])
            }
        }
        var op: [String: JSONValue] = [
            "operationId": .string(operationID(route)),
            "summary": .string(route.summary),
            "description": .string("RPC method `\(route.method)`." + (route.origin == .seed ? " The seed's route, bodies and statuses." : "")),
            "tags": .array([.string(tag(route))]),
            "x-rpc-method": .string(route.method),
            "responses": .object(responses(route, method)),
        ]
        if !parameters.isEmpty { op["parameters"] = .array(parameters) }
        if route.hasBody {
            var body = method.params.removingProperties(pathNames.union(["scope"]))
            if let shape = route.request { body = shape.schema(body) }
            var scopeFields: [String: JSONValue] = ["org_id": scopeHeaderSchema, "user_id": scopeHeaderSchema]
            if !route.projectIsParam { scopeFields["project_id"] = Schema.nullable(scopeHeaderSchema) }
            body = body.addingProperties(scopeFields)
            op["requestBody"] = [
                "required": .bool(!body.schemaRequired.isEmpty),
                "content": ["application/json": ["schema": body]],
            ]
        }
        if route.kind == .upload {
            op["requestBody"] = ["required": true, "content": ["*/*": ["schema": ["type": "string", "format": "binary"]]]]
            parameters.append(["name": "x-filename", "in": "header", "required": false, "schema": Schema.string(maxLength: 1024),
                               "description": "The file's name (default \"upload\")."])
            op["parameters"] = .array(parameters)
        }
        if route.isPublic {
            op["security"] = []
        } else if route.kind == .runStream || route.kind == .scopeStream || route.kind == .jobStream {
            op["security"] = [["bearerAuth": []], ["accessToken": []]]
        }
        return .object(op)
    }

    static func querySchema(_ query: QueryParameter, _ method: MethodSchema) -> JSONValue {
        let property = method.properties[query.param] ?? Schema.string()
        switch query.kind {
        case .list:
            if property["type"]?.stringValue == "array" { return property }
            if let array = property["anyOf"]?.arrayValue?.first(where: { $0["type"]?.stringValue == "array" }) { return array }
            return Schema.array(property)
        case .integer:
            return property["type"]?.stringValue == "integer" ? property : Schema.integer()
        case .boolean:
            return Schema.boolean
        case .string:
            // An empty value is no value (RequestTranslator), so the document allows it.
            let string = property["anyOf"]?.arrayValue?.first { $0["type"]?.stringValue == "string" } ?? property
            return Schema.anyOf([string, Schema.string(maxLength: 0)])
        }
    }

    static func responses(_ route: Route, _ method: MethodSchema) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        let error: JSONValue = ["description": "An error: {error: {code, message, details}}",
                                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
        switch route.kind {
        case .runStream, .scopeStream:
            out["200"] = ["description": "text/event-stream: `event: connected`, then `event: run.event` frames (data: the event JSON), `event: ping` every 15 s.",
                          "content": ["text/event-stream": ["schema": Schema.string()]]]
        case .jobStream:
            out["200"] = ["description": "text/event-stream: `event: connected`, then one unnamed `data:` frame per job event (id: seq; the event JSON with the seed's file_index, filename, status, memory_id, chunk_count, error), `event: done` after the last.",
                          "content": ["text/event-stream": ["schema": Schema.string()]]]
        case .openAPI:
            out["200"] = ["description": "This document.", "content": ["application/json": ["schema": ["type": "object"]]]]
        case .download:
            out["200"] = ["description": "The file's bytes; Content-Type is its media type, Content-Disposition inline with its name.",
                          "content": ["*/*": ["schema": ["type": "string", "format": "binary"]]]]
        case .call, .upload:
            if route.status == 204 {
                out["204"] = ["description": "Done; no body."]
            } else {
                let schema = route.response?.schema(method.result) ?? method.result
                out[String(route.status)] = ["description": "The result.", "content": ["application/json": ["schema": schema]]]
            }
        }
        for status in ErrorTable.statuses { out[String(status)] = error }
        return out
    }

    static func operationID(_ route: Route) -> String {
        let words = route.path.split(separator: "/").map { $0.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "") }
        return ([route.verb.rawValue.lowercased()] + words).joined(separator: "_")
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
    }

    static func tag(_ route: Route) -> String {
        let family = route.method.split(separator: "/").first.map(String.init) ?? route.method
        switch family {
        case "sessions": return "runs"
        case "system", "tools", "mcp", "rpc.discover": return "system"
        default: return family
        }
    }
}
