import Foundation
import Synchronization

/// Sortable prefixed ids: `run_` + 26 Crockford base-32 characters
/// (48-bit millisecond time + 80 random bits, like a ULID). Within one
/// millisecond the random part is incremented, so ids made by one process
/// sort in creation order.
public enum Identifier {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
    private static let mask40: UInt64 = (1 << 40) - 1
    /// The 80 random bits as two 40-bit halves, each written as 8 base-32 digits.
    private struct State { var lastMS: UInt64 = 0; var high: UInt64 = 0; var low: UInt64 = 0 }
    private static let state = Mutex(State())

    /// A new id such as `run_01JD7K5ZQ3X9V8Y2B6N4M1P0RS`.
    public static func make(prefix: String, now: Date = Date()) -> String {
        let ms = UInt64(max(0, Timestamp.milliseconds(now)))
        let (time, high, low) = state.withLock { s -> (UInt64, UInt64, UInt64) in
            if ms > s.lastMS {
                var rng = SystemRandomNumberGenerator()
                s.lastMS = ms
                s.high = UInt64.random(in: 0...mask40, using: &rng)
                // Leave headroom so increments within one millisecond never overflow.
                s.low = UInt64.random(in: 0...(mask40 >> 1), using: &rng)
            } else {
                // Same millisecond, or the clock went back: keep counting from the last id.
                s.low += 1
                if s.low > mask40 { s.low = 0; s.high = (s.high + 1) & mask40 }
            }
            return (s.lastMS, s.high, s.low)
        }
        var chars = [UInt8](repeating: 0, count: 26)
        write(time, into: &chars, digits: 10, endingAt: 9)
        write(high, into: &chars, digits: 8, endingAt: 17)
        write(low, into: &chars, digits: 8, endingAt: 25)
        return prefix + String(decoding: chars, as: UTF8.self)
    }

    private static func write(_ value: UInt64, into chars: inout [UInt8], digits: Int, endingAt last: Int) {
        var v = value
        for i in stride(from: last, to: last - digits, by: -1) {
            chars[i] = alphabet[Int(v & 31)]
            v >>= 5
        }
    }
}
