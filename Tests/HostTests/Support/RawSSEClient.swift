import Foundation
import HTTP
import RPC

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 client written on a bare socket, for event streams: it sends
/// the request line and headers itself, reads the status and headers, undoes
/// the chunked transfer coding and feeds the bytes to an SSE parser. Nothing
/// between the test and the adapter's bytes. Blocking, so every call runs
/// on a thread of its own (`RawSSEClient.run`).
final class RawSSEClient: @unchecked Sendable {
    // @unchecked: used by one thread at a time (the one `run` starts).
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var parser = SSEParser()
    private var chunked = false
    private var chunkLeft = 0
    private var ended = false
    private(set) var status = 0
    private(set) var headers: [String: String] = [:]

    /// Connects and sends `GET path`; reads wait at most `timeout` each.
    init(port: Int, path: String, headers: [String: String], timeout: Duration = .seconds(30)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        var tv = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n"
        for (k, v) in headers { request += "\(k): \(v)\r\n" }
        request += "\r\n"
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    deinit { close(fd) }

    /// Closes the connection now (a client that goes away).
    func disconnect() { shutdown(fd, Int32(SHUT_RDWR)) }

    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        if n == 0 { return false }
        buffer += chunk[0..<n]
        return true
    }

    private func line() throws -> String? {
        while true {
            if let i = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[0..<i], as: UTF8.self).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                buffer.removeFirst(i + 1)
                return line
            }
            guard try fill() else { return nil }
        }
    }

    /// Reads the status line and headers.
    func readHead() throws {
        guard let statusLine = try line() else { throw POSIXError(.ECONNRESET) }
        status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
        while let header = try line(), !header.isEmpty {
            guard let colon = header.firstIndex(of: ":") else { continue }
            headers[header[..<colon].lowercased()] = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        chunked = headers["transfer-encoding"]?.lowercased() == "chunked"
    }

    /// The next body bytes (de-chunked), nil at the end of the body.
    private func bodyBytes() throws -> [UInt8]? {
        if ended { return nil }
        if !chunked {
            if buffer.isEmpty, try !fill() { ended = true; return nil }
            defer { buffer = [] }
            return buffer
        }
        if chunkLeft == 0 {
            guard let size = try line() else { ended = true; return nil }
            if size.isEmpty { return [] }
            chunkLeft = Int(size.split(separator: ";")[0], radix: 16) ?? 0
            if chunkLeft == 0 { ended = true; return nil }
        }
        if buffer.isEmpty, try !fill() { ended = true; return nil }
        let take = min(chunkLeft, buffer.count)
        let out = Array(buffer[0..<take])
        buffer.removeFirst(take)
        chunkLeft -= take
        if chunkLeft == 0 { _ = try line() }
        return out
    }

    /// Events until `stop` says so (true: stop after this one) or the stream ends.
    func events(until stop: (SSEEvent) -> Bool = { _ in false }) throws -> [SSEEvent] {
        var events: [SSEEvent] = []
        while let bytes = try bodyBytes() {
            var done = false
            parser.feed(bytes) { event in
                if done { return }
                events.append(event)
                if stop(event) { done = true }
            }
            if done { return events }
        }
        return events
    }

    /// Whether the server ended the body (the stream closed) within the read timeout.
    var streamEnded: Bool { ended }

    /// Runs `body` with a connected client on a thread of its own.
    static func run<T: Sendable>(port: Int, path: String, headers: [String: String] = [:],
                                 _ body: @escaping @Sendable (RawSSEClient) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    let client = try RawSSEClient(port: port, path: path, headers: headers)
                    try client.readHead()
                    return try body(client)
                })
            }
            thread.name = "raw-sse-client"
            thread.start()
        }
    }
}

extension SSEEvent {
    var json: JSONValue { (try? JSONParser.parse(data)) ?? .null }
    var seq: Int64? { json["seq"]?.intValue }
}
