import Foundation
import JSON
import RPC
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A client of a host on the other ends of its pipes, with the API the
/// process-based host tests use (`call`, `result`, `initialize`, `next`,
/// `nextNotification`): each stdout line is parsed as JSON, anything else is
/// recorded as a protocol violation.
public final class HostClient: Sendable {
    private let output: Int32
    private let reader: FileDescriptorReader
    private let inbox = WireInbox()
    private let state = Mutex(State())

    private struct State {
        var nextID: Int64 = 1000
        var violations: [String] = []
        var outputClosed = false
    }

    /// Reads `input` (the host's stdout; closed at EOF) and writes `output` (the host's stdin; closed by `closeStdin`).
    init(input: Int32, output: Int32) {
        self.output = output
        reader = FileDescriptorReader(fd: input, maxLineBytes: 64 << 20, closeWhenDone: true)
    }

    /// Reads and sorts the host's output until it ends.
    func pump() async {
        reader.start()
        while let event = await reader.events.next() {
            guard case .line(let bytes) = event else { continue }
            if let value = try? JSONParser.parse(bytes) {
                await inbox.route(value)
            } else {
                state.withLock { $0.violations.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
        await inbox.close()
    }

    /// Lines the host wrote that were not JSON.
    public var violations: [String] { state.withLock { $0.violations } }

    public func send(_ line: String) { sendBytes(Array((line + "\n").utf8)) }

    /// Writes raw bytes to the host's stdin (nothing once it is closed).
    public func sendBytes(_ bytes: [UInt8]) {
        state.withLock { s in
            // Under the lock: writes never interleave, and never reach a closed descriptor.
            guard !s.outputClosed else { return }
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(output, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
    }

    /// EOF on the host's stdin: it answers what it has read and stops.
    public func closeStdin() {
        state.withLock { s in
            guard !s.outputClosed else { return }
            s.outputClosed = true
            close(output)
        }
    }

    /// The next line that is neither a notification nor the answer to a `call`, or nil on EOF / timeout.
    public func next(timeout: Duration = .seconds(20)) async -> JSONValue? {
        await inbox.take(.other, within: timeout)
    }

    /// The next notification the host sent, or nil on EOF / timeout.
    public func nextNotification(timeout: Duration = .seconds(20)) async -> JSONValue? {
        await inbox.take(.notification, within: timeout)
    }

    /// Sends a request and returns the whole response message (nil on EOF / timeout).
    public func call(_ method: String, _ params: JSONValue? = nil, timeout: Duration = .seconds(30)) async -> JSONValue? {
        let id: Int64 = state.withLock { $0.nextID += 1; return $0.nextID }
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": .int(id), "method": .string(method)]
        if let params { message["params"] = params }
        await inbox.expect(.int(id))
        send(JSONValue.object(message).description)
        return await inbox.take(.response(.int(id)), within: timeout)
    }

    /// The `result` of a call; throws `HostReplyError` on an error or no answer.
    public func result(_ method: String, _ params: JSONValue? = nil) async throws -> JSONValue {
        let reply = await call(method, params)
        guard let result = reply?["result"] else { throw HostReplyError(method: method, reply: reply) }
        return result
    }

    @discardableResult
    public func initialize(scope: JSONValue? = nil) async -> JSONValue? {
        var params: [String: JSONValue] = ["protocolVersion": "2026-11-01", "clientInfo": ["name": "in-memory-tests"]]
        if let scope { params["scope"] = scope }
        return await call("initialize", .object(params))
    }
}

/// A call that got an error or no answer.
public struct HostReplyError: Error, CustomStringConvertible {
    public var method: String
    public var reply: JSONValue?
    public var description: String { "\(method) failed: \(reply?.description ?? "no reply")" }
}
