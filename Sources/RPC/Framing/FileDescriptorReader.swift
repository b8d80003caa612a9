import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor on a dedicated thread (a blocking `read(2)` must not
/// occupy one of the cooperative pool's few threads) and frames it into lines.
/// Lines go either to a callback on that thread or into a bounded channel.
public final class FileDescriptorReader: Sendable {
    public let events: BoundedChannel<LineFramer.Event>
    private let fd: Int32
    private let maxLineBytes: Int
    private let closeWhenDone: Bool

    /// With `closeWhenDone` the reader owns `fd` and closes it after its last read.
    public init(fd: Int32, maxLineBytes: Int, capacity: Int = 256, closeWhenDone: Bool = false) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
        self.closeWhenDone = closeWhenDone
        self.events = BoundedChannel(capacity: capacity)
    }

    /// Starts the thread feeding `events`.
    public func start() {
        let events = self.events
        Self.spawn(fd: fd, maxLineBytes: maxLineBytes, closeWhenDone: closeWhenDone, onEvent: { events.push($0) }, onEnd: { events.finish() })
    }

    /// Starts a reader thread that hands each event to `onEvent` (on that
    /// thread; returning false stops reading) and calls `onEnd` at EOF.
    /// With `closeWhenDone` the thread closes `fd` after its last read, so the
    /// descriptor can never be closed (and its number reused) under a read.
    public static func spawn(
        fd: Int32, maxLineBytes: Int, closeWhenDone: Bool = false,
        onEvent: @escaping @Sendable (LineFramer.Event) -> Bool,
        onEnd: @escaping @Sendable () -> Void
    ) {
        let thread = Thread {
            var framer = LineFramer(maxLineBytes: maxLineBytes)
            let size = 64 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
            defer { buffer.deallocate() }
            var open = true
            while open {
                let n = read(fd, buffer, size)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                framer.feed(UnsafeRawBufferPointer(start: buffer, count: n)) { event in
                    if open && !onEvent(event) { open = false }
                }
            }
            if open { framer.finish { _ = onEvent($0) } }
            if closeWhenDone { close(fd) }
            onEnd()
        }
        thread.name = "oi.rpc.reader"
        thread.start()
    }
}
