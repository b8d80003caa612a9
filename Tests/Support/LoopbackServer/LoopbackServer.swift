import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking HTTP/1.1 server on 127.0.0.1, on a port the kernel picks,
/// for tests: each connection gets its own thread and the test's handler
/// writes the response byte for byte — including cutting it short, stalling,
/// or watching for the client to hang up. Keep-alive is honoured.
public final class LoopbackServer: Sendable {
    public typealias Handler = @Sendable (LoopbackRequest, LoopbackConnection) throws -> Void

    public let port: Int
    /// What the threads hold: never the server itself, so dropping the last
    /// reference to a server stops it (no listening socket or thread outlives
    /// its test).
    private let core: Core

    public init(_ handler: @escaping Handler) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackError("socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            Glibc.close(fd)
            throw LoopbackError("bind/listen: \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        core = Core(listenFD: fd, handler: handler)
        let core = self.core
        let thread = Thread { core.acceptLoop() }
        thread.name = "loopback-accept"
        thread.start()
    }

    deinit { core.stop() }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in arrival order.
    public var requests: [LoopbackRequest] { core.requests }

    /// Things handlers noted (e.g. "disconnected"), in order.
    public var events: [String] { core.events }

    public func note(_ event: String) { core.note(event) }

    /// Waits (without blocking a thread) until a handler noted `event`.
    public func waitFor(_ event: String, timeout: Duration = .seconds(5)) async -> Bool {
        await core.waitFor(event, timeout: timeout)
    }

    /// Stops accepting and hangs up every open connection.
    public func stop() { core.stop() }

    /// The listening socket, its connections and what they saw; handlers
    /// reach it as `connection.server`.
    public final class Core: Sendable {
        private let listenFD: Int32
        private let handler: Handler
        private let state = Mutex(State())

        private struct State {
            var requests: [LoopbackRequest] = []
            var events: [String] = []
            var connections: Set<Int32> = []
            var stopped = false
        }

        init(listenFD: Int32, handler: @escaping Handler) {
            self.listenFD = listenFD
            self.handler = handler
        }

        public var requests: [LoopbackRequest] { state.withLock { $0.requests } }

        public var events: [String] { state.withLock { $0.events } }

        public func note(_ event: String) { state.withLock { $0.events.append(event) } }

        public func waitFor(_ event: String, timeout: Duration) async -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if events.contains(event) { return true }
                try? await Task.sleep(for: .milliseconds(5))
            }
            return events.contains(event)
        }

        /// For handler threads: blocks until the test noted `event`.
        public func block(until event: String, timeout: Duration = .seconds(5)) -> Bool {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if events.contains(event) { return true }
                usleep(2_000)
            }
            return false
        }

        /// File descriptors are closed only by their own threads, under the
        /// lock, so a stop can never touch a descriptor number the process
        /// has since reused.
        func stop() {
            state.withLock { state in
                guard !state.stopped else { return }
                state.stopped = true
                // Wakes the blocked accept(); the accept thread closes the socket.
                shutdown(listenFD, Int32(SHUT_RDWR))
                for fd in state.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            }
        }

        /// Closes a connection's descriptor and forgets it, atomically with `stop`.
        func close(connection fd: Int32) {
            state.withLock { state in
                guard state.connections.remove(fd) != nil else { return }
                shutdown(fd, Int32(SHUT_RDWR))
                Glibc.close(fd)
            }
        }

        fileprivate func acceptLoop() {
            defer { Glibc.close(listenFD) }
            while true {
                let fd = accept(listenFD, nil, nil)
                if fd < 0 {
                    if errno == EINTR { continue }
                    return
                }
                let accepted = state.withLock { state -> Bool in
                    guard !state.stopped else { return false }
                    state.connections.insert(fd)
                    return true
                }
                guard accepted else {
                    Glibc.close(fd)
                    return
                }
                let thread = Thread { [self] in serve(fd) }
                thread.name = "loopback-conn"
                thread.start()
            }
        }

        private func serve(_ fd: Int32) {
            let connection = LoopbackConnection(fd: fd, server: self)
            while !connection.isClosed, let request = connection.readRequest() {
                state.withLock { $0.requests.append(request) }
                do {
                    try handler(request, connection)
                } catch {
                    connection.close()
                }
            }
            connection.close()
        }
    }
}

/// A failure setting up the loopback server.
public struct LoopbackError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A request as the loopback server read it off the socket.
public struct LoopbackRequest: Sendable {
    public var method: String
    public var target: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
