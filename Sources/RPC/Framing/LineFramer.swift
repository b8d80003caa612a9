/// Splits a byte stream into lines. A line longer than `maxLineBytes` is
/// dropped while it streams past (it is never buffered whole) and reported
/// once its newline arrives, so the peer can be told.
public struct LineFramer: Sendable {
    public enum Event: Sendable, Equatable {
        case line([UInt8])
        case oversized(byteCount: Int)
    }

    public let maxLineBytes: Int
    private var buffer: [UInt8] = []
    private var discarding = false
    private var discardedBytes = 0

    public init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func feed(_ chunk: UnsafeRawBufferPointer, emit: (Event) -> Void) {
        var start = 0
        let bytes = chunk.bindMemory(to: UInt8.self)
        while start < bytes.count {
            let newline = bytes[start...].firstIndex(of: 0x0A)
            let end = newline ?? bytes.count
            let piece = UnsafeBufferPointer(rebasing: bytes[start..<end])
            if discarding {
                discardedBytes += piece.count
            } else if buffer.count + piece.count > maxLineBytes {
                discarding = true
                discardedBytes = buffer.count + piece.count
                buffer = []
            } else {
                buffer.append(contentsOf: piece)
            }
            guard newline != nil else { return }
            if discarding {
                emit(.oversized(byteCount: discardedBytes))
                discarding = false
                discardedBytes = 0
            } else {
                if buffer.last == 0x0D { buffer.removeLast() }
                emit(.line(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
            start = end + 1
        }
    }

    /// What remains when the stream ends without a final newline.
    public mutating func finish(emit: (Event) -> Void) {
        if discarding {
            emit(.oversized(byteCount: discardedBytes))
        } else if !buffer.isEmpty {
            if buffer.last == 0x0D { buffer.removeLast() }
            emit(.line(buffer))
        }
        buffer = []
        discarding = false
    }
}
