import CLibPQ
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One `NOTIFY` received: the channel and its payload. After the listener
/// had to reconnect it yields one marker per channel with `afterReconnect`
/// set and an empty payload: notifications sent while it was away are lost,
/// so consumers should re-read from the database (events carry dense `seq`s).
public struct PostgresNotification: Sendable, Hashable {
    public let channel: String
    public let payload: String
    public let afterReconnect: Bool

    public init(channel: String, payload: String, afterReconnect: Bool = false) {
        self.channel = channel
        self.payload = payload
        self.afterReconnect = afterReconnect
    }
}

/// A dedicated LISTEN connection: its own thread waits on the socket with
/// `poll()` (never on the cooperative pool), yields notifications into
/// `notifications`, and reconnects and re-LISTENs with backoff after a drop.
/// The stream buffers the newest 4096 notifications; payloads are only
/// hints ("run X reached seq N"), the rows stay in the table.
public final class PostgresListener: Sendable {
    public let notifications: AsyncStream<PostgresNotification>
    let channels: [String]
    private let url: String
    private let continuation: AsyncStream<PostgresNotification>.Continuation
    private let wake: (read: Int32, write: Int32)
    private let state = Mutex(State())

    private struct State {
        var started = false
        var stopped = false
        var ready: CheckedContinuation<Void, any Error>?
        var reconnects = 0
    }

    init(url: String, channels: [String]) throws {
        for channel in channels {
            let valid = !channel.isEmpty && channel.utf8.count <= 63 && channel.utf8.enumerated().allSatisfy { i, b in
                b == UInt8(ascii: "_") || (b >= 97 && b <= 122) || (i > 0 && b >= 48 && b <= 57)
            }
            guard valid else {
                throw StoreError(.invalidInput, "channel name \(channel) must match [a-z_][a-z0-9_]* (at most 63 characters)", field: "channel")
            }
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw StoreError(.unavailable, "cannot create a wake-up pipe: errno \(errno)") }
        self.url = url
        self.channels = channels
        self.wake = (fds[0], fds[1])
        (notifications, continuation) = AsyncStream.makeStream(of: PostgresNotification.self, bufferingPolicy: .bufferingNewest(4096))
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    /// How many times the connection was re-established after a drop.
    public var reconnectCount: Int { state.withLock { $0.reconnects } }

    /// Starts the thread; returns once the first LISTEN is in place.
    func start() async throws {
        try await withCheckedThrowingContinuation { (ready: CheckedContinuation<Void, any Error>) in
            state.withLock { $0.ready = ready; $0.started = true }
            let thread = Thread { [self] in self.run() }
            thread.name = "oi.pg.listener"
            thread.start()
        }
        continuation.onTermination = { [weak self] _ in self?.stop() }
    }

    /// Stops listening; the stream finishes.
    public func stop() {
        let first = state.withLock { s -> Bool in
            defer { s.stopped = true }
            return !s.stopped
        }
        if first {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
        }
    }

    private var isStopped: Bool { state.withLock { $0.stopped } }

    private func signalReady(_ result: Result<Void, any Error>) {
        let ready = state.withLock { s -> CheckedContinuation<Void, any Error>? in
            defer { s.ready = nil }
            return s.ready
        }
        ready?.resume(with: result)
    }

    private func run() {
        var handle: PostgresHandle?
        var everConnected = false
        var backoff: Int32 = 50
        defer {
            handle?.close()
            continuation.finish()
        }
        while !isStopped {
            if handle == nil {
                do {
                    let fresh = try PostgresHandle(url: url)
                    for channel in channels { try fresh.executeScript("LISTEN \"\(channel)\"") }
                    handle = fresh
                    backoff = 50
                    if everConnected {
                        state.withLock { $0.reconnects += 1 }
                        for channel in channels { continuation.yield(PostgresNotification(channel: channel, payload: "", afterReconnect: true)) }
                    } else {
                        everConnected = true
                        signalReady(.success(()))
                    }
                } catch {
                    if !everConnected {
                        signalReady(.failure(error))
                        return
                    }
                    if waitForWake(timeoutMS: backoff) { return }
                    backoff = min(backoff * 2, 5000)
                    continue
                }
            }
            guard let current = handle, let conn = current.rawConnection else { handle = nil; continue }
            var fds = [
                pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, 1000)
            if ready < 0 && errno != EINTR { current.close(); handle = nil; continue }
            if fds[1].revents != 0 { return }
            if fds[0].revents != 0 {
                if PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK {
                    current.close()
                    handle = nil
                    continue
                }
                while let note = PQnotifies(conn) {
                    let channel = String(cString: note.pointee.relname)
                    let payload = note.pointee.extra.map { String(cString: $0) } ?? ""
                    PQfreemem(note)
                    continuation.yield(PostgresNotification(channel: channel, payload: payload))
                }
            }
        }
    }

    /// Sleeps up to `timeoutMS`, waking early (and returning true) on `stop()`.
    private func waitForWake(timeoutMS: Int32) -> Bool {
        var fd = pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, timeoutMS) > 0 || isStopped
    }
}
