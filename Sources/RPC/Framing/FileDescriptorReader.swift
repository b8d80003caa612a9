import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor on a dedicated thread (a blocking `read(2)` must not
/// occupy one of the cooperative pool's few threads) and frames it into lines.
public final class FileDescriptorReader: Sendable {
    public let events: BoundedChannel<LineFramer.Event>
    private let fd: Int32
    private let maxLineBytes: Int

    public init(fd: Int32, maxLineBytes: Int, capacity: Int = 256) {
        self.fd = fd
        self.maxLineBytes = maxLineBytes
        self.events = BoundedChannel(capacity: capacity)
    }

    public func start() {
        let fd = self.fd
        let events = self.events
        let maxLineBytes = self.maxLineBytes
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
                    if !events.push(event) { open = false }
                }
            }
            framer.finish { events.push($0) }
            events.finish()
        }
        thread.name = "oi.rpc.reader"
        thread.start()
    }
}
