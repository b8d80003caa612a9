import Foundation
import REST

/// The console's build (`web/dist`), served for every path outside `/api`: a
/// file when one matches, otherwise `index.html` (the console routes in the
/// browser: `/runs`, `/trace/:runId`, …). Paths never leave the folder.
struct WebFiles: Sendable {
    let root: String

    /// The folder, when it exists.
    init?(root: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return nil }
        self.root = URL(fileURLWithPath: root).standardizedFileURL.path
    }

    struct File {
        let bytes: Data
        let contentType: String
    }

    func file(for path: String) -> File? {
        let segments = path.split(separator: "/").compactMap { QueryString.percentDecode($0) }
        guard !segments.contains(where: { $0 == ".." || $0 == "." || $0.hasPrefix(".") || $0.contains("\0") }) else { return nil }
        if !segments.isEmpty, let file = read(segments.joined(separator: "/")) { return file }
        return read("index.html")
    }

    private func read(_ relative: String) -> File? {
        let path = (root as NSString).appendingPathComponent(relative)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              URL(fileURLWithPath: path).resolvingSymlinksInPath().path.hasPrefix(root + "/"),
              let bytes = FileManager.default.contents(atPath: path) else { return nil }
        return File(bytes: bytes, contentType: Self.contentType((relative as NSString).pathExtension))
    }

    static func contentType(_ ext: String) -> String {
        switch ext.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
