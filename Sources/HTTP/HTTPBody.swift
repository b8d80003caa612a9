/// A response body as byte chunks, in the order they arrive from the network.
/// Read it once. Buffering is bounded: while the reader lags, the transfer is
/// paused. Cancelling the reading task aborts the transfer and closes the
/// connection at once.
public struct HTTPBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let lease: TransferLease

    /// Yields each chunk once; throws `HTTPError` if the transfer fails.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let lease: TransferLease

        public mutating func next() async throws -> [UInt8]? {
            try await lease.transfer.nextChunk()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(lease: lease) }

    /// The whole body; throws `.tooLarge` past `limit` bytes (and aborts the transfer).
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var out: [UInt8] = []
        for try await chunk in self {
            if out.count + chunk.count > limit {
                lease.transfer.cancel(HTTPError(.tooLarge, "the response body exceeds \(limit) bytes"))
                throw HTTPError(.tooLarge, "the response body exceeds \(limit) bytes")
            }
            out.append(contentsOf: chunk)
        }
        return out
    }
}

/// Ties a transfer's life to whoever holds its response: when the last copy
/// of the response and its iterators goes away, an unfinished transfer is
/// aborted, so a consumer that stops reading never leaks a connection.
final class TransferLease: Sendable {
    let transfer: Transfer

    init(_ transfer: Transfer) { self.transfer = transfer }

    deinit { transfer.cancel(HTTPError.cancelledByCaller) }
}
