import Foundation
import RPC
import Testing

@Suite struct HandshakeTests {
    @Test func initializeAnswersWithServerInfoCapabilitiesAndScope() async throws {
        let host = try HostProcess()
        let reply = try #require(await host.initialize(scope: ["org_id": "acme", "user_id": "ann"]))
        let result = try #require(reply["result"])
        #expect(result["serverInfo"]?["name"] == "oi-host")
        #expect(result["scope"]?["org_id"] == "acme")
        #expect(try SchemaFiles.failures(of: result, method: "initialize").isEmpty)
        host.closeStdin()
        #expect(await host.waitExit() == 0)
    }

    @Test func requestsBeforeInitializeAreRefused() async throws {
        let host = try HostProcess()
        let reply = try #require(await host.call("system/health"))
        #expect(reply["error"]?["code"] == .int(-32002))
        #expect(await host.initialize()?["result"] != nil)
        #expect(await host.call("system/health")?["result"]?["status"] == "ok")
        #expect(await host.initialize()?["error"]?["code"] == .int(-32600))
    }

    @Test func anInvalidScopeIsRefusedWithItsPath() async throws {
        let host = try HostProcess()
        let reply = try #require(await host.initialize(scope: ["org_id": "bad org!"]))
        #expect(reply["error"]?["code"] == .int(-32003))
        #expect(reply["error"]?["data"]?["path"] == "params.scope.org_id")
    }

    @Test func scopeFallsBackToTheEnvironment() async throws {
        let host = try HostProcess(environment: ["AGENT_ORG_ID": "envorg", "AGENT_PROJECT_ID": "p1"])
        let result = try #require(await host.initialize(scope: ["user_id": "u9"])?["result"])
        #expect(result["scope"] == ["org_id": "envorg", "user_id": "u9", "project_id": "p1"])
    }

    @Test func healthAndDiscoverMatchTheirSchemas() async throws {
        let host = try HostProcess()
        await host.initialize()
        let health = try #require(await host.call("system/health")?["result"])
        #expect(try SchemaFiles.failures(of: health, method: "system/health").isEmpty)
        #expect(health["storage"]?["backend"] == "sqlite")
        let doc = try #require(await host.call("rpc.discover")?["result"])
        #expect(try SchemaFiles.failures(of: doc, method: "rpc.discover").isEmpty)
        let names = Set(doc["methods"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? [])
        #expect(names.isSuperset(of: ["initialize", "shutdown", "exit", "system/health", "rpc.discover"]))
    }

    @Test func shutdownThenExitEndsWithStatusZero() async throws {
        let host = try HostProcess()
        await host.initialize()
        let reply = try #require(await host.call("shutdown"))
        #expect(reply["result"] == .object([:]))
        #expect(await host.call("system/health")?["error"]?["code"] == .int(-32600))
        host.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(await host.waitExit(timeout: .seconds(5)) == 0)
    }
}

@Suite struct StorageUnavailableTests {
    @Test func anUnreachableDatabaseIsReportedWithoutItsPassword() async throws {
        let host = try HostProcess(environment: ["DATABASE_URL": "postgres://oi:s3cretpw@127.0.0.1:1/none?connect_timeout=2"])
        #expect(await host.initialize()?["result"] != nil)
        let reply = try #require(await host.call("runs/create", ["input": "x"]))
        #expect(reply["error"]?["code"] == .int(-32010))
        #expect(reply.description.contains("s3cretpw") == false)
        let health = try await host.result("system/health")
        #expect(health["status"] == "degraded")
        #expect(health["storage"]?["state"] == "unavailable")
        #expect(health.description.contains("s3cretpw") == false)
        host.closeStdin()
        #expect(await host.waitExit() == 0)
        let log = String(decoding: host.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(!log.contains("s3cretpw"))
    }
}
