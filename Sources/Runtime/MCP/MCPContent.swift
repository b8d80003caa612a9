import Foundation
import JSON

/// Maps a `tools/call` result (WIRE.md §7.4) onto our `ToolOutput`:
/// `{"content": [items], "structured_content"?: …}` with `is_error` from
/// `isError`. Items keep their kind; binary data (images, audio, blobs) is
/// kept up to `inlineDataLimit` base64 characters and otherwise replaced by
/// its size, so a screenshot never floods the model's context or the events.
enum MCPContent {
    static let inlineDataLimit = 64 << 10

    static func output(from result: JSONValue, server: String) throws(MCPError) -> ToolOutput {
        guard case .object(let o) = result else {
            throw MCPError(.invalidResponse, server: server, "tools/call result is not an object")
        }
        guard let items = (o["content"] ?? .array([])).arrayValue else {
            throw MCPError(.invalidResponse, server: server, "tools/call result content is not an array")
        }
        var out: [String: JSONValue] = ["content": .array(items.map(item))]
        if let structured = o["structuredContent"], !structured.isNull {
            out["structured_content"] = structured
        }
        return ToolOutput(.object(out), isError: o["isError"]?.boolValue ?? false)
    }

    static func item(_ value: JSONValue) -> JSONValue {
        guard case .object(let o) = value, let type = o["type"]?.stringValue else { return value }
        var out: [String: JSONValue] = ["type": .string(type)]
        switch type {
        case "text":
            out["text"] = o["text"] ?? ""
        case "image", "audio":
            out["mime_type"] = o["mimeType"]
            inline(o["data"]?.stringValue, as: "data", into: &out)
        case "resource":
            let resource = o["resource"]?.objectValue ?? [:]
            out["uri"] = resource["uri"]
            out["mime_type"] = resource["mimeType"]
            if let text = resource["text"] { out["text"] = text }
            inline(resource["blob"]?.stringValue, as: "blob", into: &out)
        case "resource_link":
            for (from, to) in [("uri", "uri"), ("name", "name"), ("title", "title"), ("description", "description"), ("mimeType", "mime_type"), ("size", "size")] {
                out[to] = o[from]
            }
        default:
            return value
        }
        return .object(out.filter { !$0.value.isNull })
    }

    private static func inline(_ base64: String?, as key: String, into out: inout [String: JSONValue]) {
        guard let base64 else { return }
        out["bytes"] = .int(Int64(decodedSize(base64)))
        if base64.utf8.count <= inlineDataLimit {
            out[key] = .string(base64)
        } else {
            out["omitted"] = true
        }
    }

    static func decodedSize(_ base64: String) -> Int {
        let count = base64.utf8.count
        let padding = base64.utf8.reversed().prefix(2).filter { $0 == UInt8(ascii: "=") }.count
        return max(0, count / 4 * 3 - padding)
    }
}
