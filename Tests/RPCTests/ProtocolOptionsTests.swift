import Foundation
import Testing
@testable import RPC

/// What the host's other protocols need from a connection: MCP's
/// `server/discover` probe refused at once and `ping` answered before
/// `initialize`, a cancelled request left unanswered, and a switch to
/// another table (ACP) made by `initialize` itself.
@Suite struct ProtocolOptionsTests {
    enum Hello: RPCMethod {
        static let name = "initialize"
        static let summary = "hello"
        typealias Params = EmptyParams
        typealias Result = String
        static let paramsSchema = Schema.object([:], additional: true)
        static let resultSchema = Schema.string()
    }

    enum Ping: RPCMethod {
        static let name = "ping"
        static let summary = "pong"
        typealias Params = EmptyParams
        typealias Result = String
        static let paramsSchema = Schema.object([:], additional: true)
        static let resultSchema = Schema.string()
    }

    func start(_ options: ConnectionOptions, table: MethodTable) -> (PipePair, RawPeer, Task<Void, Never>) {
        let pipes = PipePair()
        let server = RPCConnection(input: pipes.serverIn, output: pipes.serverOut, table: table, options: options)
        return (pipes, RawPeer(input: pipes.clientIn, output: pipes.clientOut), Task { await server.run() })
    }

    @Test func mcpStyleGateRefusesUnknownMethodsAsNotFoundAndAnswersPingBeforeInitialize() async throws {
        var options = ConnectionOptions()
        options.initializeMethod = Hello.name
        options.allowedBeforeInitialize = [Ping.name]
        options.unknownMethodsBeforeInitialize = .methodNotFound
        var table = testTable()
        table.register(Hello.self) { _, _ in "hi" }
        table.register(Ping.self) { _, _ in "pong" }
        let (_, peer, running) = start(options, table: table)
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"server/discover","params":{}}"#)
        #expect(try #require(await peer.next())["error"]?["code"] == .int(-32601))
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        #expect(try #require(await peer.next())["result"] == .string("pong"))
        peer.send(#"{"jsonrpc":"2.0","id":3,"method":"test/slow","params":{"ms":0}}"#)
        #expect(try #require(await peer.next())["error"]?["code"] == .int(-32002), "a known method still waits for initialize")
        peer.close()
        await running.value
    }

    @Test func aCancelledRequestIsNotAnsweredWhenTheProtocolSaysSo() async throws {
        var options = ConnectionOptions.mcpClient
        options.answersCancelledRequests = false
        let (_, peer, running) = start(options, table: testTable())
        peer.send(#"{"jsonrpc":"2.0","id":7,"method":"test/slow","params":{"ms":60000}}"#)
        peer.send(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}"#)
        peer.send(#"{"jsonrpc":"2.0","id":8,"method":"test/slow","params":{"ms":200}}"#)
        let reply = try #require(await peer.next())
        #expect(reply["id"] == .int(8), "request 7 gets no answer at all: \(reply)")
        peer.close()
        await running.value
    }

    @Test func initializeCanSwitchTheConnectionToAnotherTableAndCancelNotification() async throws {
        var second = testTable()
        second.register(Ping.self) { _, _ in "pong from the other protocol" }
        let other = second
        var table = MethodTable()
        table.register(Hello.self) { _, request in
            request.connection.adopt(other, cancelMethod: "$/cancel_request", cancelIDKey: "requestId")
            return "switched"
        }
        var options = ConnectionOptions()
        options.initializeMethod = Hello.name
        let (_, peer, running) = start(options, table: table)
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize"}"#)
        #expect(try #require(await peer.next())["result"] == .string("switched"))
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#)
        #expect(try #require(await peer.next())["result"] == .string("pong from the other protocol"))
        peer.send(#"{"jsonrpc":"2.0","id":3,"method":"test/slow","params":{"ms":60000}}"#)
        peer.send(#"{"jsonrpc":"2.0","method":"$/cancel_request","params":{"requestId":3}}"#)
        let cancelled = try #require(await peer.next())
        #expect(cancelled["id"] == .int(3) && cancelled["error"]?["code"] == .int(-32800))
        peer.close()
        await running.value
    }
}
