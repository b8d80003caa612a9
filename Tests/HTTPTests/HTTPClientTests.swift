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
            _ = conn.server.block(until: "got-first")
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
        let server = try LoopbackServer { _, conn in _ = conn.waitForDisconnect(timeout: .seconds(60)) }
        let start = ContinuousClock.now
        let error = await #expect(throws: HTTPError.self) {
            try await client.send(HTTPRequest(url: server.baseURL, timeouts: HTTPTimeouts(idle: .milliseconds(300))))
        }
        #expect(error?.code == .idleTimeout)
        // Far under the server's 60 s of silence, with room for a loaded machine
        // (other suites block pool threads on child processes).
        #expect(ContinuousClock.now - start < .seconds(30))
    }

    @Test func aStreamThatStallsTripsTheIdleTimeoutMidBody() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, chunked: true)
            conn.chunk("partial")
            if conn.waitForDisconnect(timeout: .seconds(60)) { conn.server.note("disconnected") }
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL, timeouts: HTTPTimeouts(idle: .milliseconds(300))))
        var iterator = response.body.makeAsyncIterator()
        #expect(try await iterator.next() == Array("partial".utf8))
        let error = await #expect(throws: HTTPError.self) { _ = try await iterator.next() }
        #expect(error?.code == .idleTimeout)
        #expect(await server.waitFor("disconnected", timeout: .seconds(30)))
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
            if conn.waitForDisconnect(timeout: .seconds(60)) { conn.server.note("disconnected") }
        }
        let started = Mutex(false)
        let task = Task {
            let response = try await client.send(HTTPRequest(url: server.baseURL))
            for try await _ in response.body { started.withLock { $0 = true } }
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        // The cancellation handler removes the handle on the loop thread at
        // once; the server (waiting up to 60 s) sees the socket close.
        task.cancel()
        #expect(await server.waitFor("disconnected", timeout: .seconds(10)))
        let result = await task.result
        #expect(throws: HTTPError.self) { try result.get() }
    }

    @Test func droppingAnUnreadResponseClosesTheConnection() async throws {
        let server = try LoopbackServer { _, conn in
            conn.head(200, chunked: true)
            conn.chunk("hello")
            if conn.waitForDisconnect(timeout: .seconds(60)) { conn.server.note("disconnected") }
        }
        do {
            let response = try await client.send(HTTPRequest(url: server.baseURL))
            #expect(response.status == 200)
        }
        #expect(await server.waitFor("disconnected", timeout: .seconds(10)))
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
        // More than the 64 KiB buffer plus the kernel's loopback socket buffers.
        let size = 16 << 20
        var pattern = [UInt8](repeating: 0, count: size)
        pattern.withUnsafeMutableBufferPointer { bytes in
            for i in 0..<size { bytes[i] = UInt8(truncatingIfNeeded: (i &* 2_654_435_761) >> 13) }
        }
        let payload = pattern
        let server = try LoopbackServer { _, conn in
            conn.head(200, [("Content-Length", String(size))])
            for offset in stride(from: 0, to: size, by: 1 << 16) {
                guard conn.write(Array(payload[offset..<min(offset + (1 << 16), size)])) else { return }
            }
            conn.server.note("all-written")
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL, bufferLimit: 64 << 10))
        var iterator = response.body.makeAsyncIterator()
        var received: [UInt8] = []
        received.reserveCapacity(size)
        received += try await iterator.next() ?? []
        // The server is held back: it cannot have written everything yet.
        try await Task.sleep(for: .milliseconds(400))
        #expect(!server.events.contains("all-written"))
        while let chunk = try await iterator.next() { received += chunk }
        #expect(received.count == size)
        #expect(received == pattern)
        #expect(await server.waitFor("all-written"))
    }

    @Test func manyRequestsRunConcurrentlyOnTheOneLoop() async throws {
        // No server answers until all twenty requests are in: serialised
        // transfers would never get there.
        let server = try LoopbackServer { request, conn in
            let deadline = ContinuousClock.now + .seconds(60)
            while conn.server.requests.count < 20, ContinuousClock.now < deadline { conn.sleep(milliseconds: 2) }
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
