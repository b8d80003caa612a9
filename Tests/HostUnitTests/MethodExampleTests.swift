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
