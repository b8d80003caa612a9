import Foundation

/// The section structure of a Markdown text: for each run of content, the
/// heading path above it and its blocks (paragraphs and fenced code, split
/// at blank lines). Headings inside fenced code are content, not headings.
enum MarkdownSections {
    struct Section {
        var headings: [String]
        var blocks: [String]
    }

    static func parse(_ text: String) -> [Section] {
        var sections: [Section] = []
        var stack: [(level: Int, title: String)] = []
        var blocks: [String] = []
        var paragraph: [Substring] = []
        var fence: Substring?
        var code: [Substring] = []

        func endParagraph() {
            let body = paragraph.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !body.isEmpty { blocks.append(body) }
            paragraph = []
        }
        func endSection() {
            endParagraph()
            if !blocks.isEmpty { sections.append(Section(headings: stack.map(\.title), blocks: blocks)) }
            blocks = []
        }
        func open(_ level: Int, _ title: String) {
            endSection()
            while let last = stack.last, last.level >= level { stack.removeLast() }
            let clean = title.trimmingCharacters(in: .whitespaces)
            if !clean.isEmpty { stack.append((level, clean)) }
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        for line in lines {
            let trimmed = line.drop { $0 == " " }
            if let marker = fence {
                code.append(line)
                if trimmed.hasPrefix(marker) && trimmed.drop(while: { $0 == marker.first }).allSatisfy(\.isWhitespace) {
                    blocks.append(code.joined(separator: "\n"))
                    code = []
                    fence = nil
                }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                endParagraph()
                fence = Substring(String(repeating: trimmed.first!, count: 3))
                code = [line]
                continue
            }
            if let (level, title) = atxHeading(trimmed), line.count - trimmed.count < 4 {
                open(level, title)
                continue
            }
            if let level = setextLevel(trimmed), paragraph.count == 1 {
                let title = String(paragraph[0])
                paragraph = []
                open(level, title)
                continue
            }
            if trimmed.isEmpty {
                endParagraph()
            } else {
                paragraph.append(line)
            }
        }
        if !code.isEmpty { blocks.append(code.joined(separator: "\n")) }
        endSection()
        return sections
    }

    /// `## Title ##` → (2, "Title").
    static func atxHeading(_ line: Substring) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard hashes >= 1, hashes <= 6 else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title.removeLast() }
        return (hashes, title.trimmingCharacters(in: .whitespaces))
    }

    /// A line of `=` (level 1) or `-` (level 2) under a one-line paragraph.
    static func setextLevel(_ line: Substring) -> Int? {
        let body = line.trimmingCharacters(in: .whitespaces)
        guard body.count >= 2 else { return nil }
        if body.allSatisfy({ $0 == "=" }) { return 1 }
        if body.allSatisfy({ $0 == "-" }) { return 2 }
        return nil
    }
}
