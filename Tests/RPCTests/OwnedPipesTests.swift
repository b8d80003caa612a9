import Foundation
import Testing
@testable import RPC

#if canImport(Glibc)
import Glibc
#endif

/// A connection that owns its pipes (`closesDescriptors`), as the MCP client
/// uses them toward a child process, and requests cancelled early.
@Suite struct OwnedPipesTests {
    func owning(_ pipes: PipePair) -> RPCConnection {
        var options = ConnectionOptions.mcpClient
        options.closesDescriptors = true
        return RPCConnection(input: pipes.clientIn, output: pipes.clientOut, table: MethodTable(), options: options)
    }

    @Test func closeOutputGivesThePeerEOFWhileAnswersStillArrive() async throws {
        let pipes = PipePair()
        let client = owning(pipes)
        let running = Task { await client.run() }
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let pending = Task { try await client.request("slow") }
        let request = try #require(await peer.next())
        #expect(request["method"] == "slow")
        client.closeOutput()
        #expect(await peer.next() == nil, "the peer reads EOF")
        await #expect(throws: RPCError.self) { try await client.request("late") }
        peer.send(#"{"jsonrpc":"2.0","id":\#(request["id"]!),"result":"done"}"#)
        #expect(try await pending.value == "done", "input is still read after the output closed")
        peer.close()
        await running.value
    }

    @Test func theReaderClosesTheInputAfterEOFAndPendingRequestsFail() async throws {
        let pipes = PipePair()
        let client = owning(pipes)
        let running = Task { await client.run() }
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let inode = Self.inode(pipes.clientIn)
        let pending = Task { try await client.request("never answered") }
        _ = await peer.next()
        peer.close()
        await #expect(throws: RPCError.self) { try await pending.value }
        await running.value
        // Closed by the reader thread (the number may already be reused by
        // another test, but not for this pipe).
        #expect(await eventuallyTrue { Self.inode(pipes.clientIn) != inode })
    }

    static func inode(_ fd: Int32) -> UInt? {
        var st = stat()
        return fstat(fd, &st) == 0 ? UInt(st.st_ino) : nil
    }

    @Test func aRequestFromAnAlreadyCancelledTaskIsNeverSent() async throws {
        let pipes = PipePair()
        let client = RPCConnection(input: pipes.clientIn, output: pipes.clientOut, table: MethodTable(), options: .mcpClient)
        let running = Task { await client.run() }
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let cancelled = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.request("never sent")
        }
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        let marker = Task { try await client.request("marker") }
        let first = try #require(await peer.next())
        #expect(first["method"] == "marker", "neither the request nor a cancel for it went out")
        peer.send(#"{"jsonrpc":"2.0","id":\#(first["id"]!),"result":null}"#)
        _ = try await marker.value
        peer.close()
        await running.value
    }

    @Test func cancellingSendsNotificationsCancelledAfterTheRequest() async throws {
        let pipes = PipePair()
        let client = RPCConnection(input: pipes.clientIn, output: pipes.clientOut, table: MethodTable(), options: .mcpClient)
        let running = Task { await client.run() }
        let peer = RawPeer(input: pipes.serverIn, output: pipes.serverOut)
        let call = Task { try await client.request("tools/call", params: ["name": "hang"]) }
        let request = try #require(await peer.next())
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        let cancel = try #require(await peer.next())
        #expect(cancel == ["jsonrpc": "2.0", "method": "notifications/cancelled", "params": ["requestId": request["id"]!]])
        // A late answer to the cancelled id is ignored.
        peer.send(#"{"jsonrpc":"2.0","id":\#(request["id"]!),"result":{}}"#)
        peer.close()
        await running.value
    }

    func eventuallyTrue(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<200 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
