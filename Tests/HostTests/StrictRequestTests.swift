import Foundation
import RPC
import Testing

/// Requests that two readers could read two ways are refused, and
/// `initialize` accepts only protocol versions this host speaks.
@Suite struct StrictRequestTests {
    @Test func initializeRefusesAProtocolVersionItDoesNotKnow() async throws {
        // An integer version is ACP's: the connection switches to it (Tests/Clients/test_acp_client.py), so only strings are refused here.
        for requested: JSONValue in ["1999-01-01", "2025-11-25", "1"] {
            let host = try HostProcess()
            let reply = try #require(await host.call("initialize", ["protocolVersion": requested, "clientInfo": ["name": "t"]]))
            #expect(reply["error"]?["code"] == .int(-32602), "\(requested): \(reply)")
            #expect(reply["error"]?["data"]?["path"] == "params.protocolVersion")
            #expect(reply["error"]?["data"]?["supported"] == ["2026-11-01"])
            #expect(reply["error"]?["data"]?["requested"] == requested)
            // Not initialized: the next request is still refused, and a good initialize works.
            #expect(await host.call("system/health")?["error"]?["code"] == .int(-32002))
            #expect(await host.initialize()?["result"]?["protocolVersion"] == "2026-11-01")
        }
    }

    @Test func aDuplicateKeyIsRefusedAtTheTopAndInsideParamsWithItsPath() async throws {
        let host = try HostProcess()
        await host.initialize()
        host.send(#"{"jsonrpc":"2.0","id":1,"method":"system/health","method":"runs/list"}"#)
        let top = try #require(await host.next())
        #expect(top["error"]?["code"] == .int(-32600), "\(top)")
        #expect(top["id"] == .int(1))
        host.send(#"{"jsonrpc":"2.0","id":2,"method":"runs/list","params":{"limit":1,"limit":100}}"#)
        let inParams = try #require(await host.next())
        #expect(inParams["error"]?["code"] == .int(-32602), "\(inParams)")
        #expect(inParams["error"]?["data"]?["path"] == "params.limit")
        host.send(#"{"jsonrpc":"2.0","id":3,"method":"runs/create","params":{"input":"x","scope":{"org_id":"a","org_id":"b"}}}"#)
        let nested = try #require(await host.next())
        #expect(nested["error"]?["data"]?["path"] == "params.scope.org_id", "\(nested)")
        host.send(#"{"jsonrpc":"2.0","id":4,"method":"runs/create","params":{"input":"x","agent":{"skills":[{"a":1}],"tools":["a"]},"metadata":{"k":[{"x":1,"x":2}]}}}"#)
        let deep = try #require(await host.next())
        #expect(deep["error"]?["data"]?["path"] == "params.metadata.k[0].x", "\(deep)")
        // In a batch, only the member with the duplicate is refused.
        host.send(#"[{"jsonrpc":"2.0","id":"a","method":"system/health"},{"jsonrpc":"2.0","id":"b","id":"c","method":"system/health"},{"jsonrpc":"2.0","id":"d","method":"runs/list","params":{"limit":1,"limit":2}}]"#)
        let batch = try #require(await host.next()?.arrayValue)
        #expect(batch.count == 3)
        #expect(batch[0]["result"]?["status"] == "ok")
        #expect(batch[1]["error"]?["code"] == .int(-32600) && batch[1]["id"] == .null)
        #expect(batch[2]["error"]?["data"]?["path"] == "params.limit" && batch[2]["id"] == "d")
        #expect(try await host.result("runs/list", [:])["runs"] == [])
        #expect(host.violations.isEmpty)
    }
}
