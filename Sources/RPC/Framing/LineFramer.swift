#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into lines. A line longer than `maxLineBytes` is
/// dropped while it streams past (it is never buffered whole) and reported
/// once its newline arrives, with its first and last bytes, so the peer can
/// be told and the request it answers can be found.
///
/// Newlines are found with `memchr`, and a line being dropped is only
/// counted: both run at memory speed even in a debug build, where the
/// generic collection algorithms ran at ~10 MB/s and a 1 GB line held the
/// reader thread for minutes.
public struct LineFramer: Sendable {
    public enum Event: Sendable, Equatable {
        case line([UInt8])
        case oversized(OversizedLine)
    }

    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false
    private var discardedBytes = 0
    private var head: [UInt8] = []
    /// The last bytes of the line being dropped; trimmed to `edgeBytes` lazily.
    private var tail: [UInt8] = []

    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (Event) -> Void) {
        guard let base = chunk.baseAddress else { return }
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: chunk.count)
        var start = 0
        while start < bytes.count {
            let newline = memchr(base + start, 0x0A, bytes.count - start).map { base.distance(to: UnsafeRawPointer($0)) }
            let end = newline ?? bytes.count
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if discarding {
                discardedBytes += piece.count
                keepTail(piece)
            } else if buffer.count + piece.count > maxLineBytes {
                startDiscarding(piece)
            } else if newline != nil && buffer.isEmpty {
                // The whole line is in this chunk: one copy, no buffering.
                emit(.line(Array(Self.droppingCR(piece))))
                start = end + 1
                continue
            } else {
                buffer.append(contentsOf: piece)
            }
            guard newline != nil else { return }
            endLine(emit: emit)
            start = end + 1
        }
    }

    /// What remains when the stream ends without a final newline.
    public mutating func finish(emit: (Event) -> Void) {
        if discarding || !buffer.isEmpty { endLine(emit: emit) }
        buffer = []
    }

    private mutating func endLine(emit: (Event) -> Void) {
        if discarding {
            if tail.last == 0x0D {
                tail.removeLast()
                discardedBytes -= 1
            }
            emit(.oversized(OversizedLine(byteCount: discardedBytes, head: head, tail: Array(tail.suffix(OversizedLine.edgeBytes)))))
            discarding = false
            discardedBytes = 0
            head = []
            tail = []
        } else {
            if buffer.last == 0x0D { buffer.removeLast() }
            emit(.line(buffer))
            // Not `removeAll(keepingCapacity:)`: the emitted array shares this
            // storage, and keeping one long line's capacity would copy it for every later line.
            buffer = []
        }
    }

    /// The line outgrew the limit: keep its edges, let the rest go.
    private mutating func startDiscarding(_ piece: UnsafeBufferPointer<UInt8>) {
        let edge = OversizedLine.edgeBytes
        discarding = true
        discardedBytes = buffer.count + piece.count
        head = Array(buffer.prefix(edge))
        if head.count < edge { head.append(contentsOf: piece.prefix(edge - head.count)) }
        tail = piece.count >= edge ? [] : Array(buffer.suffix(edge - piece.count))
        keepTail(piece)
        buffer = []
    }

    private mutating func keepTail(_ piece: UnsafeBufferPointer<UInt8>) {
        let edge = OversizedLine.edgeBytes
        if piece.count >= edge {
            tail = Array(UnsafeBufferPointer(rebasing: piece[(piece.count - edge)...]))
        } else {
            tail.append(contentsOf: piece)
            if tail.count > 4 * edge { tail.removeFirst(tail.count - edge) }
        }
    }

    private static func droppingCR(_ piece: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        piece.last == 0x0D ? UnsafeBufferPointer(rebasing: piece.dropLast()) : piece
    }
}
