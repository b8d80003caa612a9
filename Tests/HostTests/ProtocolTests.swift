import Foundation
import RPC
import Testing

@Suite struct ProtocolTests {
    @Test func anUnknownMethodIsMethodNotFound() async throws {
        let host = try HostProcess()
        await host.initialize()
        let reply = try #require(await host.call("runs/teleport", ["x": 1]))
        #expect(reply["error"]?["code"] == .int(-32601))
        #expect(reply["error"]?["data"]?["method"] == "runs/teleport")
    }

    @Test func invalidParamsNameTheFieldInDataPath() async throws {
        let host = try HostProcess()
        await host.initialize()
        let reply = try #require(await host.call("system/health", ["verbose": true]))
        #expect(reply["error"]?["code"] == .int(-32602))
        #expect(reply["error"]?["data"]?["path"] == "params.verbose")
        let positional = try #require(await host.call("system/health", [1, 2]))
        #expect(positional["error"]?["code"] == .int(-32602))
        #expect(positional["error"]?["data"]?["path"] == "params")
    }

    @Test func aNotificationGetsNoResponse() async throws {
        let host = try HostProcess()
        await host.initialize()
        host.send(#"{"jsonrpc":"2.0","method":"system/health"}"#)
        host.send(#"{"jsonrpc":"2.0","method":"no/such/notification","params":{}}"#)
        let reply = try #require(await host.call("system/health"))
        #expect(reply["id"] == .int(1002))
    }

    @Test func aBatchMixesResultsAndErrorsAndOmitsNotifications() async throws {
        let host = try HostProcess()
        await host.initialize()
        host.send("""
        [{"jsonrpc":"2.0","id":"a","method":"system/health"},{"jsonrpc":"2.0","method":"system/health"},\
        {"jsonrpc":"2.0","id":"b","method":"nope"},{"foo":"bar"},{"jsonrpc":"2.0","id":"c","method":"system/health","params":{"x":1}}]
        """)
        let reply = try #require(await host.next()?.arrayValue)
        #expect(reply.count == 4)
        let byID = Dictionary(reply.map { ($0["id"]?.description ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byID[#""a""#]?["result"]?["status"] == "ok")
        #expect(byID[#""b""#]?["error"]?["code"] == .int(-32601))
        #expect(byID["null"]?["error"]?["code"] == .int(-32600))
        #expect(byID[#""c""#]?["error"]?["code"] == .int(-32602))
    }

    @Test func manyConcurrentRequestsAreEachAnsweredOnceById() async throws {
        let host = try HostProcess()
        await host.initialize()
        let ids = (1...300).map { "r\($0)" }
        host.send(ids.map { #"{"jsonrpc":"2.0","id":"\#($0)","method":"system/health"}"# }.joined(separator: "\n"))
        var seen: [String] = []
        for _ in ids {
            let reply = try #require(await host.next())
            seen.append(reply["id"]?.stringValue ?? "?")
            #expect(reply["result"]?["status"] == "ok")
        }
        #expect(Set(seen) == Set(ids))
        #expect(seen.count == ids.count)
    }

    @Test func eofOnStdinExitsZeroWithinASecond() async throws {
        let host = try HostProcess(environment: ["OI_LOG_LEVEL": "info"])
        await host.initialize()
        let start = ContinuousClock.now
        host.closeStdin()
        #expect(await host.next(timeout: .seconds(10)) == nil)
        #expect(await host.waitExit(timeout: .seconds(10)) == 0)
        // Wall time here includes how fast this busy test runner is scheduled
        // (the whole suite runs in parallel on two cores); the host reports
        // its own time from end of input to exit, which is what must be short.
        let log = String(decoding: host.stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let reported = log.split(separator: "\n").last { $0.contains("ms_since_input_ended=") }
            .flatMap { $0.split(separator: "ms_since_input_ended=").last?.prefix { $0.isNumber } }.flatMap { Int($0) }
        let ms = try #require(reported, "no shutdown report in: \(log)")
        #expect(ms < 1000)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func sigtermExitsZero() async throws {
        let host = try HostProcess()
        await host.initialize()
        host.process.terminate()
        #expect(await host.waitExit(timeout: .seconds(5)) == 0)
    }
}
