import Foundation

/// What an upload's bytes are: the magic numbers of the types a model takes
/// as files (PNG, JPEG, GIF, WebP, PDF), UTF-8 text, or other bytes. A
/// declared `mime_type` is checked against them; without one it is detected.
enum UploadMediaType {
    /// Image types every provider takes.
    static let images: Set<String> = ["image/png", "image/jpeg", "image/gif", "image/webp"]
    static let pdf = "application/pdf"
    /// Types recognised by their first bytes.
    static let magic: Set<String> = images.union([pdf])

    /// The type the first bytes prove, or nil.
    static func sniff(_ data: Data) -> String? {
        let b = [UInt8](data.prefix(12))
        func starts(_ p: [UInt8]) -> Bool { b.count >= p.count && Array(b.prefix(p.count)) == p }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        if b.count >= 12, starts(Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        if starts(Array("%PDF-".utf8)) { return pdf }
        return nil
    }

    /// Whether a model reads the type as text.
    static func isText(_ type: String) -> Bool {
        type.hasPrefix("text/") || type.hasSuffix("+json") || type.hasSuffix("+xml")
            || ["application/json", "application/xml", "application/x-yaml", "application/yaml", "application/javascript",
                "application/x-ndjson", "application/sql"].contains(type)
    }

    /// Whether a run may give an upload of this type to a model: an image,
    /// a PDF (as its text) or a text file.
    static func isReadable(_ type: String) -> Bool {
        magic.contains(type) || isText(type)
    }

    static func isUTF8(_ data: Data) -> Bool {
        String(data: data, encoding: .utf8) != nil
    }

    /// The type of `data` named `name`: its magic number, else text (by the
    /// name's extension) when it is UTF-8, else `application/octet-stream`.
    static func detect(_ data: Data, name: String) -> String {
        if let found = sniff(data) { return found }
        guard isUTF8(data), !data.contains(0) else { return "application/octet-stream" }
        switch (name as NSString).pathExtension.lowercased() {
        case "md", "markdown": return "text/markdown"
        case "csv": return "text/csv"
        case "json": return "application/json"
        case "html", "htm": return "text/html"
        case "xml": return "application/xml"
        case "yaml", "yml": return "application/yaml"
        default: return "text/plain"
        }
    }

    /// Why `declared` does not fit the bytes, or nil when it does: a magic
    /// type needs its magic number, a text type valid UTF-8, and bytes with a
    /// magic number are only ever that type.
    static func mismatch(_ declared: String, _ data: Data) -> String? {
        let found = sniff(data)
        if magic.contains(declared), found != declared {
            return "the bytes are not \(declared)" + (found.map { " (they are \($0))" } ?? "")
        }
        if let found, found != declared { return "the bytes are \(found), not \(declared)" }
        if isText(declared), !isUTF8(data) { return "the bytes are not valid UTF-8 text, so not \(declared)" }
        return nil
    }
}
