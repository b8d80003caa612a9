import Foundation
import Testing
@testable import RPC

/// An answer over the line limit, as an MCP client sees one: the request it
/// belongs to fails at once with the size and the limit, and the connection
/// goes on; a request is never failed on a guess.
@Suite struct OversizedAnswerTests {
    /// Our side as a client with a 1 KiB limit; the peer answers by hand.
    func client(_ pipes: PipePair) -> (RPCConnection, Task<Void, Never>) {
        var options = ConnectionOptions.mcpClient
        options.maxLineBytes = 1024
        let client = RPCConnection(input: pipes.clientIn, output: pipes.clientOut, table: MethodTable(), options: options)
        return (client, Task { await client.run() })
    }

    let big = String(repeating: "x", count: 5000)

    func id(_ request: JSONValue?) throws -> String { try #require(request?["id"]).description }

    @Test func anAnswerOverTheLimitFailsItsRequestAtOnceAndTheConnectionGoesOn() async throws {
        let pipes = PipePair()
        let (client, running) = client(pipes)
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let waiting = Task { try await client.request("tools/call", params: ["name": "big"]) }
        let other = Task { try await client.request("tools/call", params: ["name": "small"]) }
        let first = await peer.next(), second = await peer.next()
        let (bigID, smallID) = first?["params"]?["name"] == "big" ? (try id(first), try id(second)) : (try id(second), try id(first))
        let line = #"{"jsonrpc":"2.0","id":\#(bigID),"result":{"content":[{"type":"text","text":"\#(big)"}]}}"#
        peer.send(line)
        do {
            _ = try await waiting.value
            Issue.record("expected the request to fail")
        } catch let error as RPCError {
            #expect(error.code == .responseTooLarge)
            #expect(error.message == "answer of \(line.utf8.count) bytes exceeds the limit of 1024 bytes")
            #expect(error.data?["size"] == .int(Int64(line.utf8.count)))
        }
        // The other request was not touched, and answers still match.
        peer.send(#"{"jsonrpc":"2.0","id":\#(smallID),"result":"fine"}"#)
        #expect(try await other.value == "fine")
        peer.close()
        await running.value
        client.stop()
    }

    /// The TypeScript SDK writes `{result, jsonrpc, id}`: the id is in the last bytes.
    @Test func anIdAtTheEndIsFoundToo() async throws {
        let pipes = PipePair()
        let (client, running) = client(pipes)
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let first = Task { try await client.request("a") }
        let firstID = try id(await peer.next())
        let second = Task { try await client.request("b") }
        _ = await peer.next()
        peer.send(#"{"result":{"content":[{"type":"text","text":"\#(big)"}]},"jsonrpc":"2.0","id":\#(firstID)}"#)
        await #expect(throws: RPCError.self) { try await first.value }
        second.cancel()
        peer.close()
        await running.value
        client.stop()
    }

    @Test func anAnswerWithAnUnreadableIdFailsTheOnlyRequestWaiting() async throws {
        let pipes = PipePair()
        let (client, running) = client(pipes)
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let waiting = Task { try await client.request("tools/call") }
        _ = await peer.next()
        // The id sits between two nested values: neither end shows it.
        peer.send(#"{"result":{"text":"\#(big)"},"id":1,"extra":{"a":1}}"#)
        await #expect(throws: RPCError.self) { try await waiting.value }
        peer.close()
        await running.value
        client.stop()
    }

    @Test func anAnswerWithAnUnreadableIdFailsNothingWhenSeveralWait() async throws {
        let pipes = PipePair()
        let (client, running) = client(pipes)
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let a = Task { try await client.request("a") }
        let b = Task { try await client.request("b") }
        let ids = [try id(await peer.next()), try id(await peer.next())]
        peer.send(#"{"result":{"text":"\#(big)"},"id":1,"extra":{"a":1}}"#)
        // Both still wait: each gets its own answer after the unreadable one.
        for id in ids { peer.send(#"{"jsonrpc":"2.0","id":\#(id),"result":\#(id)}"#) }
        let results = [try await a.value, try await b.value]
        #expect(Set(results) == Set(ids.map { JSONValue.int(Int64($0)!) }))
        peer.close()
        await running.value
        client.stop()
    }

    @Test func anOversizedRequestIsRefusedUnderItsOwnId() async throws {
        let pipes = PipePair()
        var options = ConnectionOptions()
        options.maxLineBytes = 1024
        let server = RPCConnection(input: pipes.serverIn, output: pipes.serverOut, table: testTable(), options: options)
        let running = Task { await server.run() }
        let peer = RawPeer(input: pipes.clientIn, output: pipes.clientOut)
        peer.send(#"{"jsonrpc":"2.0","id":"long-one","method":"test/slow","params":{"pad":"\#(big)"}}"#)
        let reply = try #require(await peer.next())
        #expect(reply["id"] == "long-one")
        #expect(reply["error"]?["code"] == -32600)
        #expect(reply["error"]?["message"]?.stringValue?.hasSuffix("exceeds the 1024-byte limit") == true)
        peer.close()
        await running.value
    }
}
