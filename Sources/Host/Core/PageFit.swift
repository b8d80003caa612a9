import JSON
import Runtime

/// Keeps a list response within one line of `rpc.maxLineBytes`: how many of
/// the items fit (in order), so the method can shorten its page and hand out
/// a cursor instead of writing a line no client may accept.
struct PageFit {
    /// Bytes the items may take: the line limit less room for the envelope
    /// (`jsonrpc`, `id`, the other fields of the result).
    let budget: Int

    init(maxLineBytes: Int) {
        budget = max(1024, maxLineBytes - 8192)
    }

    /// How many leading items fit. Throws -32011 when not even the first
    /// does: a cursor could not move past it.
    func count<T: Encodable>(_ items: [T]) throws -> Int {
        var used = 0
        for (index, item) in items.enumerated() {
            let size = try JSONValueCoding.encodeData(item).count
            used += size + 1
            if used > budget {
                if index == 0 {
                    throw RuntimeError(.tooLarge, "the next item is \(size) bytes, more than one response line may hold",
                                       path: "result", details: ["limit": .int(Int64(budget))])
                }
                return index
            }
        }
        return items.count
    }
}
