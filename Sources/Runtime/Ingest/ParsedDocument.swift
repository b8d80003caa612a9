import Foundation
import JSON

/// A parsed PDF: its text (Markdown from MinerU, plain text from
/// pdftotext), its page count, and where each page starts in the text, so a
/// search hit's offset maps back to a page.
struct ParsedDocument: Sendable {
    var text: String
    var pageCount: Int
    /// UTF-8 offsets into `text` where pages 1, 2, … start (as far as known).
    var pageStarts: [Int]
    /// `mineru` or `pdftotext`.
    var parser: String

    /// pdftotext separates pages with form feeds.
    static func fromPlainText(_ raw: String) -> ParsedDocument {
        var pages = raw.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
        while let last = pages.last, last.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, pages.count > 1 { pages.removeLast() }
        var text = ""
        var starts: [Int] = []
        for page in pages {
            starts.append(text.utf8.count)
            text += page.trimmingCharacters(in: .newlines) + "\n\n"
        }
        return ParsedDocument(text: text.trimmingCharacters(in: .whitespacesAndNewlines), pageCount: pages.count, pageStarts: starts, parser: "pdftotext")
    }

    /// MinerU's `full.md`, with pages located through the content list
    /// (`page_idx` 0-based): each page starts where its first text is found.
    static func fromMinerU(markdown: String, contentList: Data?) -> ParsedDocument {
        var firstText: [Int: String] = [:]
        var pageCount = 1
        if let contentList, let items = (try? JSONParser.parse([UInt8](contentList)))?.arrayValue {
            for item in items {
                guard let page = item["page_idx"]?.intValue.map(Int.init) else { continue }
                pageCount = max(pageCount, page + 1)
                if firstText[page] == nil, let text = item["text"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), text.count >= 3 {
                    firstText[page] = String(text.prefix(40))
                }
            }
        }
        var starts: [Int] = []
        var from = markdown.startIndex
        for page in 0..<pageCount {
            if let probe = firstText[page], let range = markdown.range(of: probe, range: from..<markdown.endIndex) {
                starts.append(markdown.utf8.distance(from: markdown.startIndex, to: range.lowerBound))
                from = range.lowerBound
            } else {
                starts.append(starts.last ?? 0)
            }
        }
        return ParsedDocument(text: markdown, pageCount: pageCount, pageStarts: starts, parser: "mineru")
    }
}
