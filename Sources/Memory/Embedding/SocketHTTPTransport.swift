import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The interim transport of the `openai` embedder: HTTP/1.1 over a plain TCP
/// socket, for `http://` servers (Ollama, vLLM, llama.cpp, a local proxy).
/// `https://` needs TLS, which arrives with the product's libcurl `HTTP`
/// client; until then such a URL fails with a message saying so.
///
/// Each request runs on its own short-lived thread, because `connect`,
/// `send` and `recv` block and must never occupy one of the cooperative
/// pool's threads. Timeouts are socket timeouts; the request is small and
/// one-shot (`Connection: close`).
public struct SocketHTTPTransport: EmbeddingTransport {
    public init() {}

    public func post(_ request: EmbeddingHTTPRequest) async throws -> EmbeddingHTTPResponse {
        guard let url = URLComponents(string: request.url), let host = url.host, !host.isEmpty else {
            throw EmbeddingTransportError("not a URL: \(request.url)")
        }
        guard url.scheme == "http" else {
            throw EmbeddingTransportError("\(url.scheme ?? "?"):// is not supported by the built-in transport yet (plain http only until the libcurl client lands)")
        }
        let port = url.port ?? 80
        let path = (url.percentEncodedPath.isEmpty ? "/" : url.percentEncodedPath) + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        var head = "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\nContent-Length: \(request.body.count)\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + request.body
        let seconds = max(1, Int(request.timeout.components.seconds))
        let raw: [UInt8] = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do { continuation.resume(returning: try Self.exchange(host: host, port: port, bytes: bytes, timeoutSeconds: seconds)) } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "oi.memory.embedding-http"
            thread.start()
        }
        return try HTTPResponseParser.parse(raw)
    }

    /// Connects, sends everything, reads until the server closes.
    static func exchange(host: String, port: Int, bytes: [UInt8], timeoutSeconds: Int) throws -> [UInt8] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else { throw EmbeddingTransportError("cannot resolve \(host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var lastError = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            let s = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            if s >= 0 {
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if connect(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { fd = s; break }
                lastError = String(cString: strerror(errno))
                close(s)
            }
            candidate = info.pointee.ai_next
        }
        guard fd >= 0 else { throw EmbeddingTransportError("cannot connect to \(host):\(port): \(lastError)") }
        defer { close(fd) }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EmbeddingTransportError("send failed: \(String(cString: strerror(errno)))")
            }
            sent += n
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
                throw EmbeddingTransportError(timedOut ? "timed out after \(timeoutSeconds) s" : "recv failed: \(String(cString: strerror(errno)))")
            }
            response.append(contentsOf: buffer[0..<n])
            if response.count > 256 << 20 { throw EmbeddingTransportError("response larger than 256 MiB") }
        }
        return response
    }
}

/// Parses a complete HTTP/1.1 response read until close: status line,
/// headers, and a body that is either as long as Content-Length, chunked,
/// or everything up to the close.
enum HTTPResponseParser {
    static func parse(_ raw: [UInt8]) throws -> EmbeddingHTTPResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = firstIndex(of: separator, in: raw[...]) else { throw EmbeddingTransportError("incomplete HTTP response (\(raw.count) bytes)") }
        let head = String(decoding: raw[0..<end], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst()
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            throw EmbeddingTransportError("malformed status line: \(statusLine.prefix(80))")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(raw[(end + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init), length <= body.count {
            body = Array(body[0..<length])
        }
        return EmbeddingHTTPResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            guard let lineEnd = firstIndex(of: [13, 10], in: bytes[i...]) else { throw EmbeddingTransportError("truncated chunked body") }
            let sizeText = String(decoding: bytes[i..<lineEnd], as: UTF8.self).split(separator: ";").first.map(String.init) ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else { throw EmbeddingTransportError("bad chunk size") }
            i = lineEnd + 2
            if size == 0 { return out }
            guard i + size <= bytes.count else { throw EmbeddingTransportError("truncated chunk") }
            out.append(contentsOf: bytes[i..<(i + size)])
            i += size + 2
        }
        return out
    }

    static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var i = haystack.startIndex
        while i + needle.count <= haystack.endIndex {
            if haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
