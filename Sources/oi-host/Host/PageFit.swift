import RPC
import Runtime

/// Keeps a list response within one line of `rpc.maxLineBytes`: the items
/// that fit (in order, at least none) and whether some were left out, so the
/// method can shorten its page and hand out a cursor instead of writing a
/// line no client may accept.
struct PageFit {
    /// Bytes the items may take: the line limit less room for the envelope
    /// (`jsonrpc`, `id`, the other fields of the result).
    let budget: Int

    init(maxLineBytes: Int) {
        budget = max(1024, maxLineBytes - 8192)
    }

    /// Throws -32011 when not even the first item fits: a cursor could not move past it.
    func fit(_ items: [JSONValue]) throws(RPCError) -> (items: [JSONValue], cut: Bool) {
        var used = 0
        for (index, item) in items.enumerated() {
            let size = item.description.utf8.count
            used += size + 1
            if used > budget {
                if index == 0 {
                    throw RPCError(code: .payloadTooLarge, message: "the next item is \(size) bytes, more than one response line may hold",
                                   data: ["path": "result", "limit": .int(Int64(budget))])
                }
                return (Array(items.prefix(index)), true)
            }
        }
        return (items, false)
    }
}
