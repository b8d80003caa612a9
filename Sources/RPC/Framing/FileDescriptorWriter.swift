import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The single writer of a connection: every message is appended whole to one
/// queue and a dedicated thread writes it out, so no two messages ever
/// interleave bytes and a peer that stops reading blocks no cooperative thread.
/// Messages queued together go out in one `write(2)`.
///
/// `@unchecked Sendable`: all mutable state is guarded by `condition`.
public final class FileDescriptorWriter: @unchecked Sendable {
    private let fd: Int32
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var flushWaiters: [(id: UInt64, cont: CheckedContinuation<Bool, Never>)] = []
    private var nextFlushID: UInt64 = 0
    /// Bytes written so far: a flush that waits can tell a slow reader from one that stopped.
    private let written = Atomic<UInt64>(0)
    private var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    private var closed = false
    private var broken = false
    private var writing = false
    /// POSIX makes pipe writes up to PIPE_BUF atomic; with POLLOUT set they do not block.
    static let directLimit = 4096
    private let highWater: Int
    private let closesDescriptor: Bool

    /// With `closesDescriptor` the writer thread closes `fd` once it has
    /// stopped (after `close()` and the queue is written, or a failed write):
    /// the peer then sees EOF, and no write can ever hit a reused number.
    public init(fd: Int32, highWater: Int = 4 << 20, closesDescriptor: Bool = false) {
        self.fd = fd
        self.highWater = highWater
        self.closesDescriptor = closesDescriptor
        let thread = Thread { [self] in self.loop() }
        thread.name = "oi.rpc.writer"
        thread.start()
    }

    /// Queues one line (a newline is appended). Suspends while more than
    /// `highWater` bytes wait, which is how a slow reader pushes back.
    public func send(_ line: [UInt8]) async {
        guard enqueue(line) else { return }
        await withCheckedContinuation { (cont: CheckedContinuation<Void, Never>) in
            condition.lock()
            if pending.count <= highWater || broken || closed {
                condition.unlock()
                cont.resume()
            } else {
                spaceWaiters.append(cont)
                condition.unlock()
            }
        }
    }

    /// Queues one line without waiting; returns true when the queue is over
    /// its high-water mark (an async caller should then wait for space).
    @discardableResult
    public func enqueue(_ line: [UInt8]) -> Bool {
        condition.withLock {
            if broken || closed { return false }
            if pending.isEmpty && !writing && line.count < Self.directLimit && Self.writable(fd) {
                // Fast path: nothing queued and the pipe has room for a write this
                // small, so write(2) returns at once; no thread hand-off needed.
                var bytes = line
                bytes.append(0x0A)
                if !writeAll(bytes) { broken = true }
                return false
            }
            pending.append(contentsOf: line)
            pending.append(0x0A)
            condition.signal()
            return pending.count > highWater
        }
    }

    /// Waits until everything queued so far has been written (or the peer is gone).
    public func flush() async {
        _ = await flush(timeout: nil)
    }

    /// Waits until everything queued so far has been written, the peer is
    /// gone, or `timeout` passed (a peer that stopped reading must not hold
    /// a shutdown forever). True when nothing is left queued.
    public func flush(timeout: Duration?) async -> Bool {
        let id: UInt64 = condition.withLock { nextFlushID += 1; return nextFlushID }
        let timer = timeout.map { limit in
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                guard let self, !Task.isCancelled else { return }
                let expired = self.condition.withLock { () -> CheckedContinuation<Bool, Never>? in
                    guard let index = self.flushWaiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return self.flushWaiters.remove(at: index).cont
                }
                expired?.resume(returning: false)
            }
        }
        defer { timer?.cancel() }
        return await withCheckedContinuation { (cont: CheckedContinuation<Bool, Never>) in
            condition.lock()
            if pending.isEmpty && !writing || broken {
                condition.unlock()
                cont.resume(returning: true)
            } else {
                flushWaiters.append((id, cont))
                condition.signal()
                condition.unlock()
            }
        }
    }

    /// Waits until everything queued is written, for as long as the reader
    /// keeps reading: gives up (false) only once no byte went out for
    /// `stall` — a peer that stopped reading cannot hold us, a slow one
    /// still gets everything.
    public func drain(stall: Duration) async -> Bool {
        var progress = written.load(ordering: .relaxed)
        var lastProgress = ContinuousClock.now
        while true {
            if await flush(timeout: min(stall, .milliseconds(250))) { return true }
            let now = written.load(ordering: .relaxed)
            if now != progress {
                progress = now
                lastProgress = .now
            } else if ContinuousClock.now - lastProgress >= stall {
                return false
            }
        }
    }

    /// True once a write failed (e.g. EPIPE: the reader went away).
    public var isBroken: Bool { condition.withLock { broken } }

    /// Stops the writer thread after it has written what is queued.
    public func close() {
        condition.withLock {
            closed = true
            condition.signal()
        }
    }

    private func loop() {
        defer { if closesDescriptor { Self.closeDescriptor(fd) } }
        while true {
            condition.lock()
            while pending.isEmpty && !closed {
                let flushed = flushWaiters
                flushWaiters = []
                if !flushed.isEmpty {
                    condition.unlock()
                    flushed.forEach { $0.cont.resume(returning: true) }
                    condition.lock()
                    continue
                }
                condition.wait()
            }
            if pending.isEmpty && closed {
                let (flushed, space) = (flushWaiters, spaceWaiters)
                flushWaiters = []
                spaceWaiters = []
                condition.unlock()
                flushed.forEach { $0.cont.resume(returning: true) }
                space.forEach { $0.resume() }
                return
            }
            let chunk = pending
            pending = []
            writing = true
            let space = spaceWaiters
            spaceWaiters = []
            condition.unlock()
            space.forEach { $0.resume() }
            let ok = writeAll(chunk)
            condition.withLock { writing = false }
            if !ok {
                condition.lock()
                broken = true
                let (flushed, space) = (flushWaiters, spaceWaiters)
                flushWaiters = []
                spaceWaiters = []
                pending = []
                condition.unlock()
                flushed.forEach { $0.cont.resume(returning: true) }
                space.forEach { $0.resume() }
                return
            }
        }
    }

    private static func closeDescriptor(_ fd: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    private static func writable(_ fd: Int32) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        return poll(&p, 1, 0) == 1 && (p.revents & Int16(POLLOUT)) != 0 && (p.revents & Int16(POLLERR | POLLHUP)) == 0
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return false
                }
                offset += n
                written.add(UInt64(n), ordering: .relaxed)
            }
            return true
        }
    }
}
