import JSON

/// Keeps every tool result — built-in or MCP — within `tools.maxResultBytes`
/// serialised, since the model reads it whole and the run records it. A
/// longer result keeps its shape: small members stay as they are, long
/// strings (an MCP `content` item's `text` among them) are cut at a
/// character boundary and end in `…[truncated from N bytes]`, long arrays
/// keep their first items and end in `"…[K more items]"`. The result then
/// says so at its top: `truncated: true`, `original_bytes` (its full size)
/// and `max_bytes`; a result that is not an object is put under `value`,
/// and one that cannot shrink that way becomes a `preview` of its JSON text.
struct ToolResultCap: Sendable {
    var maxBytes: Int

    init(maxBytes: Int = 262_144) {
        self.maxBytes = maxBytes
    }

    /// Room for the marker members at the top.
    private static let markerBytes = 96
    /// Below this, a member or an item is not worth keeping a piece of.
    private static let smallest = 24

    func apply(_ output: ToolOutput) -> ToolOutput {
        let encoded = JSONWriter.encode(output.content)
        let full = encoded.count
        guard full > maxBytes else { return output }
        var budget = maxBytes - Self.markerBytes
        // Sizes are estimated without escapes; when escapes make the result
        // longer than its budget, shrink again with less.
        while budget >= Self.smallest {
            let marked = Self.mark(Self.fit(output.content, budget), full: full, limit: maxBytes)
            if JSONWriter.encode(marked).count <= maxBytes { return ToolOutput(marked, isError: output.isError) }
            budget = budget * 3 / 4
        }
        // A shape that cannot shrink (thousands of small members): the
        // beginning of its JSON text, as a string (escaping may double it).
        let preview = Self.cut(String(decoding: encoded.prefix(maxBytes), as: UTF8.self), to: (maxBytes - Self.markerBytes) / 2, of: full)
        return ToolOutput(Self.mark(["preview": .string(preview)], full: full, limit: maxBytes), isError: output.isError)
    }

    private static func mark(_ value: JSONValue, full: Int, limit: Int) -> JSONValue {
        var members: [String: JSONValue]
        if case .object(let o) = value { members = o } else { members = ["value": value] }
        members["truncated"] = true
        members["original_bytes"] = .int(Int64(full))
        members["max_bytes"] = .int(Int64(limit))
        return .object(members)
    }

    /// `value` cut down to about `budget` bytes serialised.
    static func fit(_ value: JSONValue, _ budget: Int) -> JSONValue {
        guard size(value) > budget else { return value }
        switch value {
        case .string(let s):
            return .string(cut(s, to: budget - 2))
        case .array(let items):
            var out: [JSONValue] = []
            var used = 2
            for (index, item) in items.enumerated() {
                // Keep room for the "…[K more items]" marker.
                let room = budget - used - 1 - 24
                if room < smallest {
                    out.append(.string("…[\(items.count - index) more items]"))
                    break
                }
                let kept = fit(item, room)
                out.append(kept)
                used += size(kept) + 1
            }
            return .array(out)
        case .object(let members):
            // Smallest first: members that fit their share stay whole, and
            // the big ones split what is left between them.
            var remaining = budget - 2
            var left = members.count
            var out: [String: JSONValue] = [:]
            for (key, member, memberSize) in members.map({ ($0.key, $0.value, size($0.value)) }).sorted(by: { $0.2 < $1.2 }) {
                let keyBytes = key.utf8.count + 4
                let share = remaining / left - keyBytes
                let kept = memberSize <= share ? member : fit(member, max(share, smallest))
                out[key] = kept
                remaining -= keyBytes + size(kept)
                left -= 1
            }
            return .object(out)
        default:
            return value
        }
    }

    /// The first `room` bytes of `s` that end on a whole scalar, with the marker.
    static func cut(_ s: String, to room: Int, of total: Int? = nil) -> String {
        let marker = "…[truncated from \(total ?? s.utf8.count) bytes]"
        let utf8 = Array(s.utf8)
        var end = max(0, min(utf8.count, room - marker.utf8.count))
        // Never end inside a multi-byte character: back off its continuation bytes.
        while end > 0 && end < utf8.count && utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: utf8[..<end], as: UTF8.self) + marker
    }

    /// Serialised size, without escapes (cheap: string lengths are stored).
    static func size(_ value: JSONValue) -> Int {
        switch value {
        case .null: return 4
        case .bool(let b): return b ? 4 : 5
        case .int(let i): return String(i).utf8.count
        case .double: return 24
        case .string(let s): return s.utf8.count + 2
        case .array(let items): return items.reduce(1) { $0 + size($1) + 1 }
        case .object(let members): return members.reduce(1) { $0 + $1.key.utf8.count + 3 + size($1.value) + 1 }
        }
    }
}
