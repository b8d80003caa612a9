import Foundation
import JSON
import Testing
@testable import REST

/// The route table: unique routes, literal segments first, every method real.
struct RouteTableTests {
    @Test func everyRouteIsUniqueAndNamesAMethodTheHostHas() throws {
        let keys = RouteTable.all.map { "\($0.verb.rawValue) \($0.path)" }
        #expect(Set(keys).count == keys.count)
        let schemas = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("schemas/methods")
        for route in RouteTable.all where route.kind != .openAPI {
            let file = schemas.appendingPathComponent(route.method.replacingOccurrences(of: "/", with: ".") + ".params.json")
            #expect(FileManager.default.fileExists(atPath: file.path), "\(route.method) has no schema")
        }
    }

    @Test func aLiteralSegmentWinsAndOtherVerbsAre405() throws {
        let (batch, _) = try RouteTable.resolve("POST", "/api/roles/batch-delete").get()
        #expect(batch.method == "roles/batch_delete")
        let (role, values) = try RouteTable.resolve("GET", "/api/roles/role_1").get()
        #expect(role.method == "roles/get" && values == ["role_id": "role_1"])
        #expect(throws: RESTError.methodNotAllowed(["POST"])) { try RouteTable.resolve("GET", "/api/roles/batch-delete").get() }
        #expect(throws: RESTError.endpointNotFound) { try RouteTable.resolve("GET", "/api/runs/x/swarm").get() }
        let (core, _) = try RouteTable.resolve("GET", "/api/memory/core").get()
        #expect(core.method == "memory/core/get")
        let (head, _) = try RouteTable.resolve("HEAD", "/api/health").get()
        #expect(head.method == "system/health")
    }

    @Test func pathValuesArePercentDecoded() throws {
        let (_, values) = try RouteTable.resolve("GET", "/api/skills/my%3Askill").get()
        #expect(values["skill_id"] == "my:skill")
        #expect(throws: RESTError.self) { try RouteTable.resolve("GET", "/api/skills/%zz").get() }
    }
}
