import JSON
import RPC
import Testing
@testable import Host

/// Every method's example result, encoded as the table encodes results,
/// passes the method's published result schema: the types and the schemas
/// cannot drift apart.
@Suite struct MethodExampleTests {
    @Test func everyExampleResultMatchesItsSchema() throws {
        #expect(HostMethods.methods.count >= 16)
        for method in HostMethods.methods {
            let failures = try method.exampleFailures()
            #expect(failures.isEmpty, "\(method.name): \(failures)")
        }
    }

    @Test func everyMethodHasOneNameAndTheTableServesThemAll() {
        let names = HostMethods.methods.map { $0.name } + HostMethods.notifications.map { $0.name }
        #expect(Set(names).count == names.count)
        let table = HostMethods.table(HostContext(config: .init(), engines: .unavailable("test"), logger: .init(label: "test")))
        for name in names { #expect(table[name] != nil, "\(name) is not in the table") }
    }
}

/// The other protocols' tables (ACP, MCP server) keep the same promise.
@Suite struct ProtocolTableTests {
    static let context = HostContext(config: .init(), engines: .unavailable("test"), logger: .init(label: "test"))

    @Test func acpAndMCPExamplesMatchTheirSchemasAndTheirTablesServeThemAll() throws {
        for (methods, notifications, table) in [
            (ACPMethods.methods, ACPMethods.notifications.map { $0.name }, ACPMethods.table(Self.context)),
            (MCPServerMethods.methods, MCPServerMethods.notifications.map { $0.name }, MCPServerMethods.table(Self.context)),
        ] {
            for method in methods {
                let failures = try method.exampleFailures()
                #expect(failures.isEmpty, "\(method.name): \(failures)")
            }
            let names = methods.map { $0.name } + notifications
            #expect(Set(names).count == names.count)
            for name in names { #expect(table[name] != nil, "\(name) is not in the table") }
        }
    }

    @Test func ourTableKeepsItsOwnInitializeDescriptionWhileDetectingACP() {
        let ours = HostMethods.table(Self.context)
        let detecting = ACPMethods.detecting(in: ours, Self.context)
        #expect(detecting.order == ours.order)
        #expect(detecting["initialize"]?.paramsSchema == ours["initialize"]?.paramsSchema)
        #expect(detecting["session/new"] == nil, "ACP methods appear only once a client speaks ACP")
    }
}
