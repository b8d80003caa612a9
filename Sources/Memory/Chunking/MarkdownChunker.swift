import Foundation

/// Splits text and Markdown into chunks of at most `maxTokens`, keeping each
/// chunk inside one section and prefixing it with its heading path.
///
/// Sections come from ATX headings (`#` … `######`) and setext headings
/// (`===` / `---` under a line); lines inside fenced code blocks are never
/// headings. A section's paragraphs are packed into chunks; a paragraph too
/// big for one chunk is split at sentence ends, and a sentence too big at
/// word boundaries. Consecutive chunks of one section overlap by about
/// `overlapTokens`. Plain text is Markdown without headings.
public struct MarkdownChunker: Sendable {
    public var options: ChunkingOptions

    public init(options: ChunkingOptions = ChunkingOptions()) {
        self.options = options
    }

    /// The chunks of `text`; `title`, when given, heads every heading path.
    public func chunks(_ text: String, title: String? = nil) -> [Chunk] {
        let cleanTitle = title?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let root: [String] = cleanTitle.isEmpty ? [] : [cleanTitle]
        var out: [Chunk] = []
        for section in MarkdownSections.parse(text) {
            var path = root
            for heading in section.headings where path.last != heading { path.append(heading) }
            for body in pack(section.blocks) {
                let prefix = path.joined(separator: " > ")
                let chunkText = prefix.isEmpty ? body : prefix + "\n\n" + body
                out.append(Chunk(index: out.count, text: chunkText, headingPath: path, tokens: TokenEstimate.count(body)))
            }
        }
        if out.isEmpty, !root.isEmpty, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty == false {
            out.append(Chunk(index: 0, text: root.joined(separator: " > "), headingPath: root, tokens: 0))
        }
        return out
    }

    /// One piece of a section: a block, or part of one too big for a chunk.
    struct Piece {
        var text: String
        var tokens: Int
        /// A blank line (a block boundary) precedes it.
        var newBlock: Bool
    }

    /// Packs blocks (paragraphs, code) into bodies of at most `maxTokens`;
    /// each body after the first in a section starts with the tail of the
    /// previous one (about `overlapTokens`).
    func pack(_ blocks: [String]) -> [String] {
        let limit = options.maxTokens
        var pieces: [Piece] = []
        for block in blocks {
            for (i, text) in split(block, limit: limit).enumerated() {
                pieces.append(Piece(text: text, tokens: TokenEstimate.count(text), newBlock: i == 0))
            }
        }
        var bodies: [String] = []
        var current: [Piece] = []
        var size = 0
        var fresh = 0
        for piece in pieces {
            if size + piece.tokens > limit, fresh > 0 {
                bodies.append(join(current))
                // Carry whole pieces from the end, leaving room for the next one.
                let room = min(options.overlapTokens, limit - piece.tokens)
                var carried: [Piece] = []
                var carriedSize = 0
                for previous in current.reversed() {
                    guard carriedSize + previous.tokens <= room else { break }
                    carried.insert(previous, at: 0)
                    carriedSize += previous.tokens
                }
                current = carried
                size = carriedSize
                fresh = 0
            }
            current.append(piece)
            size += piece.tokens
            fresh += 1
        }
        if fresh > 0 { bodies.append(join(current)) }
        return bodies
    }

    func join(_ pieces: [Piece]) -> String {
        var s = ""
        for (i, piece) in pieces.enumerated() {
            if i > 0 { s += piece.newBlock ? "\n\n" : " " }
            s += piece.text
        }
        return s
    }

    /// A block as pieces of at most `limit` tokens: whole if it fits, else
    /// sentences, else runs of words.
    func split(_ block: String, limit: Int) -> [String] {
        if TokenEstimate.count(block) <= limit { return [block] }
        var out: [String] = []
        for sentence in Sentences.split(block) {
            if TokenEstimate.count(sentence) <= limit {
                out.append(sentence)
                continue
            }
            var words: [Substring] = []
            var size = 0
            for word in sentence.split(whereSeparator: { $0.isWhitespace }) {
                var piece = word
                // A "word" with no spaces may itself be huge (CJK text, base64).
                while TokenEstimate.count(piece) > limit {
                    if !words.isEmpty { out.append(words.joined(separator: " ")); words = []; size = 0 }
                    let cut = Self.prefix(of: piece, tokens: limit)
                    out.append(String(piece[..<cut]))
                    piece = piece[cut...]
                }
                let t = TokenEstimate.count(piece)
                if size + t > limit, !words.isEmpty {
                    out.append(words.joined(separator: " "))
                    words = []
                    size = 0
                }
                if !piece.isEmpty { words.append(piece); size += t }
            }
            if !words.isEmpty { out.append(words.joined(separator: " ")) }
        }
        return out
    }

    /// The end index of the longest prefix of `text` within `tokens`.
    static func prefix(of text: Substring, tokens: Int) -> Substring.Index {
        var low = 1, high = text.count
        while low < high {
            let mid = (low + high + 1) / 2
            if TokenEstimate.count(text.prefix(mid)) <= tokens { low = mid } else { high = mid - 1 }
        }
        return text.index(text.startIndex, offsetBy: max(1, low))
    }
}
