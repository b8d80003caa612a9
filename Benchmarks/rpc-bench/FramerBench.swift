import Foundation
import RPC

// LineFramer alone, in memory: how fast a line over the limit is discarded
// (a peer can send one of any length, and it holds the reader thread while it
// streams past), and how fast ordinary lines are split. Chunks are 64 KiB,
// as FileDescriptorReader reads them.

/// Feeds `pattern` over and over in 64 KiB chunks until `total` bytes went in; returns MB/s.
func framerThroughput(maxLineBytes: Int, pattern: [UInt8], total: Int, finish: Bool) -> (mbPerSecond: Double, events: Int) {
    var framer = LineFramer(maxLineBytes: maxLineBytes)
    var events = 0
    let started = ContinuousClock.now
    var fed = 0
    pattern.withUnsafeBytes { bytes in
        while fed < total {
            var offset = 0
            while offset < bytes.count {
                let n = min(64 << 10, bytes.count - offset)
                framer.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + n])) { events += count($0) }
                offset += n
            }
            fed += bytes.count
        }
    }
    if finish { framer.finish { events += count($0) } }
    let elapsed = ContinuousClock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (Double(fed) / 1e6 / seconds, events)
}

/// Touches what an event carries, so the optimizer cannot drop the work.
private func count(_ event: LineFramer.Event) -> Int {
    switch event {
    case .line(let bytes): return 1 + bytes.count & 1
    case .oversized: return 1
    }
}

func framerFigures(discardBytes: Int) {
    let x = [UInt8](repeating: UInt8(ascii: "x"), count: 64 << 10)
    let discard = framerThroughput(maxLineBytes: 16 << 20, pattern: x, total: discardBytes, finish: true)
    print(String(format: "framer: discarding a %d MiB line: %.0f MB/s", discardBytes >> 20, discard.mbPerSecond))
    // 64-byte lines, the shape of small requests and notifications.
    var lines: [UInt8] = []
    while lines.count < 64 << 10 { lines += Array(String(repeating: "y", count: 63).utf8) + [0x0A] }
    let split = framerThroughput(maxLineBytes: 16 << 20, pattern: lines, total: 256 << 20, finish: false)
    print(String(format: "framer: splitting 64-byte lines: %.0f MB/s (%.1f M lines/s)", split.mbPerSecond, split.mbPerSecond / 64))
    // One 4 MiB line at a time, accumulated across chunks (large answers).
    var big = [UInt8](repeating: UInt8(ascii: "z"), count: 4 << 20)
    big[big.count - 1] = 0x0A
    let large = framerThroughput(maxLineBytes: 16 << 20, pattern: big, total: 256 << 20, finish: false)
    print(String(format: "framer: 4 MiB lines: %.0f MB/s", large.mbPerSecond))
}
