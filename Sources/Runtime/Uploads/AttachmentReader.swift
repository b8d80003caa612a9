import Foundation
import Store

/// How a run's attachments reach its model, in its first user message:
/// images as image parts (the providers' own format, the bytes loaded just
/// before each model call), text and JSON files and PDFs (by `pdftotext`)
/// as text after the input, anything else as a line naming it.
enum AttachmentReader {
    /// Image types every provider takes.
    static let imageTypes = UploadMediaType.images
    /// What one file's text may add to the prompt.
    static let maxTextCharacters = 100_000

    /// The first user message of a run: `input`, then each attachment.
    static func message(input: String, attachments: [(Upload, Data)]) async -> ChatMessage {
        var text = input
        var images: [ChatImage] = []
        for (upload, data) in attachments {
            if imageTypes.contains(upload.mimeType) {
                images.append(ChatImage(uploadID: upload.id, mimeType: upload.mimeType))
                text += "\n\n[Attached image: \(upload.originalName)]"
                continue
            }
            let heading = "\n\n## Attached file: \(upload.originalName) (\(upload.mimeType), \(upload.size) bytes)\n"
            if let body = await self.text(of: upload, data: data) {
                let cut = body.count > maxTextCharacters
                text += heading + String(body.prefix(maxTextCharacters)) + (cut ? "\n[… cut at \(maxTextCharacters) characters]" : "")
            } else {
                text += heading + "[the model cannot read this type of file]"
            }
        }
        return ChatMessage(role: .user, content: text, images: images.isEmpty ? nil : images)
    }

    static func text(of upload: Upload, data: Data) async -> String? {
        if upload.mimeType == UploadMediaType.pdf { return await pdfText(data) }
        guard UploadMediaType.isText(upload.mimeType) else { return nil }
        return String(data: data, encoding: .utf8)
    }

    /// The PDF's text by poppler's `pdftotext`, each page under a `[page N]`
    /// line (pdftotext ends every page with a form feed), or a line saying
    /// why there is none (not installed, failed).
    static func pdfText(_ data: Data) async -> String? {
        guard let tool = Executables.find("pdftotext") else { return "[PDF text unavailable: pdftotext is not installed]" }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("oi-pdf-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("file.pdf")
            try data.write(to: file)
            let output = try await CommandProcess.run(executable: tool, arguments: ["-layout", "-enc", "UTF-8", file.path, "-"],
                                                      environment: ["PATH": "/usr/bin:/bin"], directory: folder.path,
                                                      timeout: .seconds(30), stdoutCap: 4 * maxTextCharacters, stderrCap: 4096)
            guard output.exitCode == 0 else { return "[PDF text unavailable: pdftotext failed]" }
            return pages(String(decoding: output.stdout, as: UTF8.self))
        } catch {
            return "[PDF text unavailable: \(error)]"
        }
    }

    /// `pdftotext`'s output with `[page N]` before each page (pages end with a form feed).
    static func pages(_ text: String) -> String {
        var pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        if pages.count > 1, pages.last?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == true { pages.removeLast() }
        return pages.enumerated().map { "[page \($0.offset + 1)]\n" + $0.element.trimmingCharacters(in: .newlines) }.joined(separator: "\n\n")
    }

    /// Fills the bytes of every image in `messages` (base64), reading each
    /// upload once per execution (`cache`); an image whose upload is gone
    /// is dropped and said so in the text.
    static func load(_ messages: [ChatMessage], cache: inout [String: String], stores: Database, scope: Scope) async throws -> [ChatMessage] {
        guard messages.contains(where: { !($0.images ?? []).isEmpty }) else { return messages }
        var out = messages
        for i in out.indices {
            guard let images = out[i].images, !images.isEmpty else { continue }
            var kept: [ChatImage] = []
            for var image in images {
                if cache[image.uploadID] == nil, let found = try await stores.uploads.contents(image.uploadID, in: scope) {
                    cache[image.uploadID] = found.1.base64EncodedString()
                }
                guard let data = cache[image.uploadID] else {
                    out[i].content += "\n[image \(image.uploadID) is no longer available]"
                    continue
                }
                image.data = data
                kept.append(image)
            }
            out[i].images = kept.isEmpty ? nil : kept
        }
        return out
    }
}
