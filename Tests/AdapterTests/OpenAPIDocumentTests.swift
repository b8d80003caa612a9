import JSON
import Testing
@testable import REST

/// The document covers every route, with unique operation ids, declared auth and the error envelope.
struct OpenAPIDocumentTests {
    static let methods: [String: MethodSchema] = Dictionary(uniqueKeysWithValues: Set(RouteTable.all.map(\.method)).map {
        ($0, MethodSchema(properties: ["run_id": Schema.string(), "scope": Schema.object([:]), "input": Schema.string()], required: ["input"],
                          result: Schema.object(["ok": Schema.boolean])))
    })

    @Test func everyRouteIsAnOperationWithItsStatusesAndAuth() throws {
        let document = OpenAPIDocument.build(methods: Self.methods, version: "0.1.0")
        #expect(document["openapi"] == "3.1.0")
        #expect(document["components"]?["securitySchemes"]?["bearerAuth"]?["scheme"] == "bearer")
        var ids: Set<String> = []
        for route in RouteTable.all {
            let op = try #require(document["paths"]?[route.path]?[route.verb.rawValue.lowercased()], "\(route.path)")
            ids.insert(op["operationId"]?.stringValue ?? "")
            #expect(op["responses"]?[String(route.status)] != nil || route.kind != .call, "\(route.path) lacks \(route.status)")
            #expect(op["responses"]?["400"]?["content"]?["application/json"]?["schema"]?["$ref"] == "#/components/schemas/Error")
            if route.isPublic { #expect(op["security"] == .array([])) }
            if route.hasBody { #expect(op["requestBody"]?["content"]?["application/json"]?["schema"]?["properties"]?["scope"] == nil) }
        }
        #expect(ids.count == RouteTable.all.count)
    }

    @Test func methodsFromDiscoveryGiveTheSameDocumentAsTheTable() {
        let params = Schema.object(["b": Schema.string(), "a": Schema.integer()], required: ["b", "a"])
        let fromTable = MethodSchema(params: params, result: Schema.boolean)
        let openRPC: JSONValue = ["methods": [["name": "x/y", "params": [["name": "a", "required": true, "schema": Schema.integer()],
                                                                         ["name": "b", "required": true, "schema": Schema.string()]],
                                               "result": ["name": "result", "schema": Schema.boolean]]]]
        #expect(MethodSchema.fromOpenRPC(openRPC)["x/y"] == fromTable)
    }
}
