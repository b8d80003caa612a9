import Foundation
import RPC
import Synchronization
import Testing
@testable import Memory
#if canImport(Glibc)
import Glibc
#endif

/// A one-connection-at-a-time HTTP/1.1 server on a loopback port, on its own
/// thread, answering every POST with `respond(body)`.
final class LoopbackHTTPServer: @unchecked Sendable {
    // @unchecked: `fd` and `port` are set once in init; the accept loop is the
    // only other user, and it alone closes `fd` (so the number is never reused
    // while it still calls accept on it); the flags are atomic.
    let fd: Int32
    let port: UInt16
    let flags = Flags()

    /// Shared with the accept loop.
    final class Flags: Sendable {
        let closed = Atomic<Bool>(false)
        let stopping = Atomic<Bool>(false)
    }

    init(respond: @escaping @Sendable ([UInt8]) -> (Int, String)) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(listener, 8) == 0 else { throw EmbeddingTransportError("cannot listen") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        fd = listener
        port = UInt16(bigEndian: address.sin_port)
        let flags = self.flags
        Thread.detachNewThread {
            while true {
                // Poll, so that `stop()` is noticed within 20 ms; only this loop closes the socket.
                var pfd = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pfd, 1, 20)
                if flags.stopping.load(ordering: .sequentiallyConsistent) {
                    close(listener)
                    flags.closed.store(true, ordering: .sequentiallyConsistent)
                    return
                }
                guard ready > 0 else { continue }
                let client = accept(listener, nil, nil)
                if client < 0 { continue }
                var request: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 65_536)
                // Read the head, then Content-Length bytes of body.
                while true {
                    let n = recv(client, &buffer, buffer.count, 0)
                    if n <= 0 { break }
                    request += buffer[0..<n]
                    if let end = HTTPResponseParser.firstIndex(of: [13, 10, 13, 10], in: request[...]) {
                        let head = String(decoding: request[0..<end], as: UTF8.self).lowercased()
                        let length = head.components(separatedBy: "\r\n").first { $0.hasPrefix("content-length:") }
                            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                        if request.count >= end + 4 + length {
                            let (status, body) = respond(Array(request[(end + 4)...]))
                            // Chunked, as many servers answer.
                            let bytes = Array(body.utf8)
                            var out = Array("HTTP/1.1 \(status) X\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
                            out += Array(String(bytes.count, radix: 16).utf8) + [13, 10] + bytes + [13, 10] + Array("0\r\n\r\n".utf8)
                            _ = out.withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                            break
                        }
                    }
                }
                close(client)
            }
        }
    }

    /// Stops accepting and waits until the accept loop has closed the socket.
    func stop() {
        flags.stopping.store(true, ordering: .sequentiallyConsistent)
        while !flags.closed.load(ordering: .sequentiallyConsistent) { usleep(1000) }
    }
}

@Suite struct SocketTransportTests {
    @Test func theOpenAIEmbedderWorksAgainstAPlainHTTPServer() async throws {
        let server = try LoopbackHTTPServer { body in
            let request = (try? JSONParser.parse(body)) ?? .null
            let inputs = request["input"]?.arrayValue ?? []
            let data: [JSONValue] = inputs.indices.map { i in
                ["index": .int(Int64(i)), "embedding": .string(VectorMath.blob([Float(i + 1), 0, 0, 1]).base64EncodedString())]
            }
            return (200, JSONValue.object(["data": .array(data)]).description)
        }
        defer { server.stop() }
        let embedder = OpenAIEmbedder(baseURL: "http://127.0.0.1:\(server.port)/v1", model: "m", dimension: 4, apiKey: nil)
        let vectors = try await embedder.embed(["a", "b", "c"])
        #expect(vectors.count == 3)
        #expect(abs(vectors[2][0] - 3 / Float(10).squareRoot()) < 1e-6)
    }

    @Test func aRefusedConnectionIsATransportError() async throws {
        let server = try LoopbackHTTPServer { _ in (200, "{}") }
        let port = server.port
        server.stop()
        let request = EmbeddingHTTPRequest(url: "http://127.0.0.1:\(port)/v1/embeddings", headers: [], body: [], timeout: .seconds(2))
        await #expect(throws: EmbeddingTransportError.self) { try await SocketHTTPTransport().post(request) }
    }
}
