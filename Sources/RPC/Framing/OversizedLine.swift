/// A line `LineFramer` dropped for being over its limit: how long it was,
/// and its first and last bytes (at most `edgeBytes` each), which usually
/// hold a message's `id` (`MessageSketch` reads them).
public struct OversizedLine: Sendable, Equatable {
    /// Serializers put `jsonrpc` and `id` before or after the one large
    /// member, never far from an end; 4 KiB also covers a long string id.
    public static let edgeBytes = 4096

    /// Without the newline (and a CR before it).
    public var byteCount: Int
    public var head: [UInt8]
    public var tail: [UInt8]

    public init(byteCount: Int, head: [UInt8] = [], tail: [UInt8] = []) {
        self.byteCount = byteCount
        self.head = head
        self.tail = tail
    }
}
