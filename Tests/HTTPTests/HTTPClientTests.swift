import Foundation
import HTTP
import Synchronization
import LoopbackServer
import Testing

@Suite struct HTTPClientTests {
    let client = HTTPClient.shared

    func collect(_ response: HTTPResponse) async throws -> String {
        String(decoding: try await response.body.collect(upTo: 1 << 26), as: UTF8.self)
    }

    @Test func aPostSendsItsMethodHeadersAndBodyAndNoExpectHeader() async throws {
        let server = try LoopbackServer { _, conn in conn.respond(200, [("Content-Type", "application/json")], body: #"{"ok":true}"#) }
        let body = Array(String(repeating: "x", count: 5000).utf8)
        let response = try await client.send(HTTPRequest(
            method: "POST", url: server.baseURL + "/v1/chat/completions",
            headers: ["Content-Type": "application/json", "Authorization": "Bearer sk-test"], body: body))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        #expect(try await collect(response) == #"{"ok":true}"#)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/chat/completions")
        #expect(request.header("authorization") == "Bearer sk-test")
        #expect(request.header("expect") == nil)
        #expect(request.body == body)
    }

    @Test func errorStatusesAreResponsesWithReadableBodies() async throws {
        let server = try LoopbackServer { request, conn in
            let status = Int(request.target.dropFirst()) ?? 500
            conn.respond(status, body: #"{"error":{"message":"nope \#(status)"}}"#)
        }
        for status in [400, 401, 404, 429, 500, 529] {
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/\(status)"))
            #expect(response.status == status)
            #expect(try await collect(response) == #"{"error":{"message":"nope \#(status)"}}"#)
        }
    }

    @Test func chunksArriveAsTheyAreSentNotAtTheEnd() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
            conn.chunk("first")
            // The second piece is only sent once the client has seen the first.
            _ = conn.server?.block(until: "got-first")
            conn.chunk("second")
            conn.endChunks()
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL + "/stream"))
        var iterator = response.body.makeAsyncIterator()
        #expect(try await iterator.next().map { String(decoding: $0, as: UTF8.self) } == "first")
        server.note("got-first")
        #expect(try await iterator.next().map { String(decoding: $0, as: UTF8.self) } == "second")
        #expect(try await iterator.next() == nil)
    }

    @Test func aRefusedConnectionIsAConnectError() async throws {
        let server = try LoopbackServer { _, _ in }
        let url = server.baseURL
        server.stop()
        try await Task.sleep(for: .milliseconds(20))
        let error = await #expect(throws: HTTPError.self) { try await client.send(HTTPRequest(url: url)) }
        #expect(error?.code == .connect)
        #expect(error?.isTransient == true)
    }

    @Test func aServerThatNeverAnswersTripsTheIdleTimeout() async throws {
        let server = try LoopbackServer { _, conn in _ = conn.waitForDisconnect(timeout: .seconds(5)) }
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.baseURL, timeouts: HTTPTimeouts(idle: .milliseconds(300))))
        }
        #expect(error?.code == .idleTimeout)
        // Well under the server's 10 s of silence, with room for a loaded machine.
        #expect(ContinuousClock.now - start < .seconds(8))
    }

    @Test func aStreamThatStallsTripsTheIdleTimeoutMidBody() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, chunked: true)
            conn.chunk("partial")
            _ = conn.waitForDisconnect(timeout: .seconds(5))
            conn.server?.note("disconnected")
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL, timeouts: HTTPTimeouts(idle: .milliseconds(300))))
        var iterator = response.body.makeAsyncIterator()
        #expect(try await iterator.next() == Array("partial".utf8))
        let error = await #expect(throws: HTTPError.self) { _ = try await iterator.next() }
        #expect(error?.code == .idleTimeout)
        #expect(await server.waitFor("disconnected"))
    }

    @Test func theTotalTimeoutBoundsTheWholeExchange() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, chunked: true)
            for _ in 0..<100 where conn.chunk("tick") { conn.sleep(milliseconds: 50) }
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL, timeouts: HTTPTimeouts(total: .milliseconds(400))))
        let error = await #expect(throws: HTTPError.self) { for try await _ in response.body {} }
        #expect(error?.code == .timeout)
    }

    @Test func aConnectionCutMidBodyIsConnectionLost() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, chunked: true)
            conn.chunk("data: {\"a\":1}\n\n")
            conn.close()
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL))
        var received: [UInt8] = []
        let error = await #expect(throws: HTTPError.self) {
            for try await chunk in response.body { received += chunk }
        }
        #expect(error?.code == .connectionLost)
        #expect(String(decoding: received, as: UTF8.self) == "data: {\"a\":1}\n\n")
    }

    @Test func cancellingTheConsumerClosesTheConnectionAtOnce() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, [("Content-Type", "text/event-stream")], chunked: true)
            conn.chunk("data: 1\n\n")
            if conn.waitForDisconnect(timeout: .seconds(10)) { conn.server?.note("disconnected") }
        }
        let started = Mutex(false)
        let task = Task {
            let response = try await client.send(HTTPRequest(url: server.baseURL))
            for try await _ in response.body { started.withLock { $0 = true } }
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let cancelledAt = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: HTTPError.self) { try result.get() }
        #expect(await server.waitFor("disconnected", timeout: .seconds(2)))
        #expect(ContinuousClock.now - cancelledAt < .seconds(5))
    }

    @Test func droppingAnUnreadResponseClosesTheConnection() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, chunked: true)
            conn.chunk("hello")
            if conn.waitForDisconnect(timeout: .seconds(10)) { conn.server?.note("disconnected") }
        }
        do {
            let response = try await client.send(HTTPRequest(url: server.baseURL))
            #expect(response.status == 200)
        }
        #expect(await server.waitFor("disconnected", timeout: .seconds(2)))
    }

    @Test func aBodyOverTheCapIsRefused() async throws {
        let server = try LoopbackServer { request, conn in
            if request.target == "/declared" {
                conn.respond(200, body: String(repeating: "a", count: 10_000))
            } else {
                conn.head(200, chunked: true)
                for _ in 0..<20 { conn.chunk(String(repeating: "b", count: 1000)) }
                conn.endChunks()
            }
        }
        for path in ["/declared", "/streamed"] {
            let error = await #expect(throws: HTTPError.self) {
                let response = try await client.send(HTTPRequest(url: server.baseURL + path, maxResponseBytes: 5000))
                for try await _ in response.body {}
            }
            #expect(error?.code == .tooLarge, "\(path)")
        }
    }

    @Test func aSlowReaderPausesTheTransferAndLosesNoByte() async throws {
        let size = 48 << 20
        let server = try LoopbackServer { _, conn in
            conn.head(200, [("Content-Length", String(size))])
            var block = [UInt8](repeating: 0, count: 1 << 16)
            for offset in stride(from: 0, to: size, by: block.count) {
                for i in 0..<block.count { block[i] = UInt8(truncatingIfNeeded: (offset + i) / 7) }
                guard conn.write(block) else { return }
            }
            conn.server?.note("all-written")
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL, bufferLimit: 64 << 10))
        var iterator = response.body.makeAsyncIterator()
        var offset = 0
        var mismatch = false
        let first = try await iterator.next() ?? []
        // Far more than the buffer limit plus socket buffers: the server must be held back.
        try await Task.sleep(for: .milliseconds(400))
        #expect(!server.events.contains("all-written"))
        var chunk: [UInt8]? = first
        while let bytes = chunk {
            for byte in bytes {
                if byte != UInt8(truncatingIfNeeded: offset / 7) { mismatch = true }
                offset += 1
            }
            chunk = try await iterator.next()
        }
        #expect(offset == size)
        #expect(!mismatch)
        #expect(await server.waitFor("all-written"))
    }

    @Test func manyRequestsRunConcurrentlyOnTheOneLoop() async throws {
        // No server answers until all twenty requests are in: serialised
        // transfers would never get there.
        let server = try LoopbackServer { request, conn in
            let deadline = ContinuousClock.now + .seconds(10)
            while (conn.server?.requests.count ?? 0) < 20, ContinuousClock.now < deadline { conn.sleep(milliseconds: 2) }
            conn.respond(200, body: request.target)
        }
        let bodies = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<20 {
                group.addTask { try await collect(try await client.send(HTTPRequest(url: server.baseURL + "/\(i)"))) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(bodies) == Set((0..<20).map { "/\($0)" }))
        #expect(server.requests.count == 20)
    }

    @Test func aHeaderValueWithALineBreakIsRejectedBeforeSending() async throws {
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: "http://127.0.0.1:9/", headers: ["X-Evil": "a\r\nInjected: 1"]))
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test func credentialHeadersAreHiddenInDescriptions() {
        let request = HTTPRequest(method: "POST", url: "https://api.example.com/v1", headers: ["Authorization": "Bearer sk-secret-123", "x-api-key": "sk-ant-secret", "x-goog-api-key": "AIza-secret", "Accept": "text/event-stream"])
        #expect(!request.description.contains("secret"))
        #expect(request.description.contains("text/event-stream"))
    }
}
