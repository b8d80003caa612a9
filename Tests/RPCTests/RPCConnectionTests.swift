import Foundation
import Testing
@testable import RPC

@Suite struct RPCConnectionTests {
    func startServer(_ pipes: PipePair) -> (RPCConnection, Task<Void, Never>) {
        let server = RPCConnection(input: pipes.serverIn, output: pipes.serverOut, table: testTable())
        return (server, Task { await server.run() })
    }

    @Test func answersConcurrentRequestsInCompletionOrderMatchedById() async throws {
        let pipes = PipePair()
        let (_, running) = startServer(pipes)
        let peer = RawPeer(input: pipes.clientIn, output: pipes.clientOut)
        peer.send(#"{"jsonrpc":"2.0","id":"slow","method":"test/slow","params":{"ms":300}}"#)
        peer.send(#"{"jsonrpc":"2.0","id":2,"method":"test/slow","params":{"ms":0}}"#)
        let first = try #require(await peer.next())
        let second = try #require(await peer.next())
        #expect(first["id"] == .int(2))
        #expect(second["id"] == .string("slow"))
        #expect(second["result"] == .string("slept 300"))
        peer.close()
        await running.value
    }

    @Test func cancelRequestAnswersRequestCancelled() async throws {
        let pipes = PipePair()
        let (_, running) = startServer(pipes)
        let peer = RawPeer(input: pipes.clientIn, output: pipes.clientOut)
        let started = ContinuousClock.now
        peer.send(#"{"jsonrpc":"2.0","id":7,"method":"test/slow","params":{"ms":60000}}"#)
        peer.send(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}"#)
        let reply = try #require(await peer.next())
        #expect(reply["id"] == .int(7))
        #expect(reply["error"]?["code"] == .int(-32800))
        // Far below the 60 s the request would take, with room for a loaded machine.
        #expect(ContinuousClock.now - started < .seconds(30))
        peer.close()
        await running.value
    }

    @Test func aHandlerCanAskThePeerBack() async throws {
        let pipes = PipePair()
        let (_, running) = startServer(pipes)
        var clientTable = MethodTable()
        clientTable.register(Answer.self) { _, _ in "forty-two" }
        let client = RPCConnection(input: pipes.clientIn, output: pipes.clientOut, table: clientTable)
        let clientRun = Task { await client.run() }
        let result = try await client.request(Ask.name)
        #expect(result == .string("forty-two"))
        let slow = try await client.request(Slow.name, params: ["ms": 1])
        #expect(slow == .string("slept 1"))
        do {
            _ = try await client.request(Slow.name, params: ["ms": "x"])
            Issue.record("expected invalid params")
        } catch let error as RPCError {
            #expect(error.code == .invalidParams)
            #expect(error.data?["path"] == .string("params.ms"))
        }
        close(pipes.clientOut)
        await running.value
        client.stop()
        await clientRun.value
    }

    @Test func cancellingAnOutgoingRequestTellsThePeer() async throws {
        let pipes = PipePair()
        let (_, running) = startServer(pipes)
        let client = RPCConnection(input: pipes.clientIn, output: pipes.clientOut, table: MethodTable())
        let clientRun = Task { await client.run() }
        let call = Task { try await client.request(Slow.name, params: ["ms": 60000]) }
        try await Task.sleep(for: .milliseconds(100))
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        // The server still answers other requests; the slow one was cancelled there too.
        #expect(try await client.request(Slow.name, params: ["ms": 0]) == .string("slept 0"))
        close(pipes.clientOut)
        await running.value
        client.stop()
        await clientRun.value
    }

    @Test func anOversizedLineIsAnsweredAndTheConnectionGoesOn() async throws {
        let pipes = PipePair()
        var options = ConnectionOptions()
        options.maxLineBytes = 1024
        let server = RPCConnection(input: pipes.serverIn, output: pipes.serverOut, table: testTable(), options: options)
        let running = Task { await server.run() }
        let peer = RawPeer(input: pipes.clientIn, output: pipes.clientOut)
        peer.send("[" + String(repeating: "1,", count: 5000) + "1]")
        let reply = try #require(await peer.next())
        #expect(reply["error"]?["code"] == .int(-32600))
        #expect(reply["id"] == .null)
        peer.send(#"{"jsonrpc":"2.0","id":1,"method":"test/slow","params":{"ms":0}}"#)
        #expect(await peer.next()?["result"] == .string("slept 0"))
        peer.close()
        await running.value
    }
}
