import Foundation
import RPC
import Testing

/// Hostile and broken input sent to a running host: every line gets the right
/// error (blank lines none), the host stays up, and only JSON ever reaches stdout.
@Suite struct MalformedInputTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var bytes: [UInt8]
        var code: Int64?  // nil: no reply expected
        var id: JSONValue = .null
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "truncated JSON", bytes: Array(#"{"jsonrpc":"2.0","id":1,"meth"#.utf8), code: -32700),
        Case(name: "invalid UTF-8", bytes: Array(#"{"jsonrpc":"2.0","id":1,"method":""#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8), code: -32700),
        Case(name: "100k-deep nesting", bytes: Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8), code: -32700),
        Case(name: "number 1e400", bytes: Array(#"{"jsonrpc":"2.0","id":1e400,"method":"system/health"}"#.utf8), code: -32700),
        Case(name: "jsonrpc 1.0", bytes: Array(#"{"jsonrpc":"1.0","id":5,"method":"system/health"}"#.utf8), code: -32600, id: 5),
        Case(name: "id as object", bytes: Array(#"{"jsonrpc":"2.0","id":{"a":1},"method":"system/health"}"#.utf8), code: -32600),
        Case(name: "id as array", bytes: Array(#"{"jsonrpc":"2.0","id":[1],"method":"system/health"}"#.utf8), code: -32600),
        Case(name: "params as string", bytes: Array(#"{"jsonrpc":"2.0","id":6,"method":"system/health","params":"x"}"#.utf8), code: -32600, id: 6),
        Case(name: "method as number", bytes: Array(#"{"jsonrpc":"2.0","id":7,"method":7}"#.utf8), code: -32600, id: 7),
        Case(name: "a bare number", bytes: Array("42".utf8), code: -32600),
        Case(name: "empty batch", bytes: Array("[]".utf8), code: -32600),
        Case(name: "empty line", bytes: [], code: nil),
        Case(name: "whitespace line", bytes: Array("   \t ".utf8), code: nil),
        Case(name: "NUL bytes", bytes: [0, 0, 0], code: -32700),
        Case(name: "lone surrogate escape", bytes: Array(#"{"jsonrpc":"2.0","id":8,"method":"\ud800"}"#.utf8), code: -32700),
    ]

    @Test(arguments: cases)
    func eachMalformedLineGetsTheRightErrorAndTheHostStaysUp(_ c: Case) async throws {
        let host = try HostProcess()
        await host.initialize()
        host.sendBytes(c.bytes + [0x0A])
        if let code = c.code {
            let reply = try #require(await host.next())
            #expect(reply["error"]?["code"] == .int(code), "\(c.name): \(reply)")
            #expect(reply["id"] == c.id)
        }
        let after = try #require(await host.call("system/health"))
        #expect(after["result"]?["status"] == "ok")
        #expect(host.violations.isEmpty)
    }

    @Test func theWholeCorpusInOneSessionWithCRLFEndingsLeavesOnlyJSONOnStdout() async throws {
        let host = try HostProcess(environment: ["OI_LOG_LEVEL": "debug"])
        await host.initialize()
        var expected = 0
        for c in Self.cases {
            host.sendBytes(c.bytes + [0x0D, 0x0A])
            if c.code != nil { expected += 1 }
        }
        for _ in 0..<expected {
            let reply = try #require(await host.next())
            #expect(reply["error"] != nil)
        }
        host.send(#"{"jsonrpc":"2.0","id":"crlf","method":"system/health"}"# + "\r")
        #expect(await host.next()?["id"] == "crlf")
        host.closeStdin()
        #expect(await host.next(timeout: .seconds(5)) == nil)
        #expect(await host.waitExit() == 0)
        #expect(host.violations.isEmpty)
    }

    @Test func aLineOverTheSizeLimitIsRefusedWithoutKillingTheHost() async throws {
        let host = try HostProcess(environment: ["OI_MAX_LINE_BYTES": "65536"])
        await host.initialize()
        let big = #"{"jsonrpc":"2.0","id":9,"method":"system/health","params":{"pad":""# + String(repeating: "x", count: 200_000) + #""}}"#
        host.send(big)
        let reply = try #require(await host.next())
        #expect(reply["error"]?["code"] == .int(-32600))
        #expect(reply["id"] == 9, "the id, read from the line's first bytes")
        // With no readable id (here the line is not even an object), id null.
        host.send("[" + String(repeating: "1,", count: 100_000) + "1]")
        let unreadable = try #require(await host.next())
        #expect(unreadable["error"]?["code"] == .int(-32600))
        #expect(unreadable["id"] == .null)
        #expect(await host.call("system/health")?["result"]?["status"] == "ok")
    }

    @Test func aDefaultSizedHostRefusesASeventeenMegabyteLine() async throws {
        let host = try HostProcess()
        await host.initialize()
        host.send(#"{"pad":""# + String(repeating: "y", count: 17 << 20) + #""}"#)
        let reply = try #require(await host.next(timeout: .seconds(60)))
        #expect(reply["error"]?["code"] == .int(-32600))
        #expect(await host.call("system/health")?["result"]?["status"] == "ok")
    }
}
