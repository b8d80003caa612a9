import Foundation
import ZIPFoundation

/// A MinerU result zip, extracted into a folder of its own: every entry
/// whose name would land outside it (`../x`, an absolute path, a link) is
/// skipped and named in `refused`. `full.md` and `*_content_list.json` are
/// found at any depth.
struct ResultZip {
    var markdown: String
    var contentList: Data?
    var refused: [String]
    var extracted: Int

    static func extract(_ bytes: [UInt8], into folder: String) throws -> ResultZip {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let archive: Archive
        do { archive = try Archive(data: Data(bytes), accessMode: .read) } catch {
            throw MinerUError(code: "bad_zip", message: "the result zip cannot be read: \(error)")
        }
        var refused: [String] = []
        var markdown: String?
        var contentList: Data?
        var extracted = 0
        for entry in archive {
            guard entry.type == .file, let relative = safeRelativePath(entry.path) else {
                if entry.type != .directory { refused.append(entry.path) }
                continue
            }
            let destination = root.appendingPathComponent(relative).standardizedFileURL
            guard destination.path.hasPrefix(root.path + "/") else { refused.append(entry.path); continue }
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: destination)
            _ = try archive.extract(entry, to: destination)
            extracted += 1
            let name = destination.lastPathComponent
            if name == "full.md", markdown == nil || relative.split(separator: "/").count == 1 {
                markdown = try String(contentsOf: destination, encoding: .utf8)
            } else if name.hasSuffix("content_list.json"), contentList == nil {
                contentList = try Data(contentsOf: destination)
            }
        }
        guard let markdown else { throw MinerUError(code: "no_markdown", message: "the result zip has no full.md") }
        return ResultZip(markdown: markdown, contentList: contentList, refused: refused, extracted: extracted)
    }

    /// The entry name as relative components, or nil when it could leave the folder.
    static func safeRelativePath(_ path: String) -> String? {
        if path.isEmpty || path.hasPrefix("/") || path.contains("\\") || path.utf8.contains(0) { return nil }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if parts.isEmpty || parts.contains("..") { return nil }
        return parts.joined(separator: "/")
    }
}
