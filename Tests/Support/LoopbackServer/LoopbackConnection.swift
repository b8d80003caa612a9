import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One accepted connection, used by its handler thread only: blocking reads
/// and writes, chunked encoding, cutting the connection, and noticing the
/// client hang up.
public final class LoopbackConnection {
    let fd: Int32
    private var buffer: [UInt8] = []
    public private(set) var isClosed = false
    /// The server this connection belongs to, for noting events.
    public let server: LoopbackServer.Core

    init(fd: Int32, server: LoopbackServer.Core) {
        self.fd = fd
        self.server = server
    }

    // MARK: Writing

    /// Writes raw bytes; false when the client is gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }

    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Status line and headers. `chunked` adds `Transfer-Encoding: chunked`;
    /// otherwise pass a `Content-Length` header yourself (or close to end the body).
    @discardableResult
    public func head(_ status: Int, _ headers: [(String, String)] = [], chunked: Bool = false) -> Bool {
        var text = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if chunked { text += "Transfer-Encoding: chunked\r\n" }
        return write(text + "\r\n")
    }

    /// One piece of a chunked body.
    @discardableResult
    public func chunk(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return true }
        return write(Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10])
    }

    @discardableResult
    public func chunk(_ text: String) -> Bool { chunk(Array(text.utf8)) }

    /// The terminating zero-length chunk.
    @discardableResult
    public func endChunks() -> Bool { write("0\r\n\r\n") }

    /// A complete response with a Content-Length.
    @discardableResult
    public func respond(_ status: Int, _ headers: [(String, String)] = [], body: String) -> Bool {
        let bytes = Array(body.utf8)
        return head(status, headers + [("Content-Length", String(bytes.count))]) && write(bytes)
    }

    public func close() {
        guard !isClosed else { return }
        isClosed = true
        server.close(connection: fd)
    }

    public func sleep(milliseconds: Int) { usleep(useconds_t(milliseconds * 1000)) }

    /// Blocks until the client closes its end (true) or the timeout passes (false).
    public func waitForDisconnect(timeout: Duration = .seconds(5)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var scratch = [UInt8](repeating: 0, count: 4096)
        while ContinuousClock.now < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN) | 0x2000 /* POLLRDHUP */, revents: 0)
            let ready = poll(&pfd, 1, 20)
            if ready < 0, errno != EINTR { return true }
            guard ready > 0 else { continue }
            let n = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN) { return true }
        }
        return false
    }

    // MARK: Reading

    func readRequest() -> LoopbackRequest? {
        guard let headEnd = readUntilHeadEnd() else { return nil }
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return LoopbackRequest(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }

    private func readUntilHeadEnd() -> Int? {
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer) { return end }
            guard fill() else { return nil }
        }
    }

    private func fill() -> Bool {
        guard !isClosed else { return false }
        var scratch = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            buffer.append(contentsOf: scratch[..<n])
            return true
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 408: "Request Timeout"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        case 529: "Site Overloaded"
        default: "Status"
        }
    }
}
