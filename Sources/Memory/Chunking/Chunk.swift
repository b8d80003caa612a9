/// One piece of a document as it is indexed: its text is prefixed with the
/// heading path (`Guide > Install > Linux`), so a chunk that says "run the
/// installer" still matches a search for "linux install".
public struct Chunk: Sendable, Equatable {
    /// Position in the document, from 0.
    public var index: Int
    /// The indexed text: heading path, a blank line, then the body.
    public var text: String
    /// Titles of the enclosing sections, outermost first (the document title first when given).
    public var headingPath: [String]
    /// Estimated tokens of the body (see `TokenEstimate`).
    public var tokens: Int

    public init(index: Int, text: String, headingPath: [String], tokens: Int) {
        self.index = index
        self.text = text
        self.headingPath = headingPath
        self.tokens = tokens
    }
}

/// How big chunks are, in token-ish units.
public struct ChunkingOptions: Sendable, Hashable {
    /// Largest body of a chunk.
    public var maxTokens: Int
    /// How much of the end of one chunk starts the next one in the same
    /// section, so a sentence cut at a boundary is whole in one of them.
    public var overlapTokens: Int

    public init(maxTokens: Int = 200, overlapTokens: Int = 30) {
        self.maxTokens = max(8, maxTokens)
        self.overlapTokens = max(0, min(overlapTokens, self.maxTokens / 2))
    }
}

/// Tokens estimated without a tokenizer: about four characters per token
/// for text written with spaces, one per character for CJK (where a
/// character is roughly a token), at least one per word.
public enum TokenEstimate {
    public static func count(_ text: Substring) -> Int {
        var tokens = 0
        var run = 0
        func closeRun() {
            if run > 0 { tokens += (run + 3) / 4; run = 0 }
        }
        for s in text.unicodeScalars {
            let v = s.value
            if v < 0x80 {
                // ASCII first: a Unicode property lookup per character is slow.
                if v == 0x20 || (v >= 0x09 && v <= 0x0D) { closeRun() } else { run += 1 }
            } else if TextTokenizer.isCJK(s) {
                closeRun()
                tokens += 1
            } else if s.properties.isWhitespace {
                closeRun()
            } else {
                run += 1
            }
        }
        closeRun()
        return tokens
    }

    public static func count(_ text: String) -> Int { count(text[...]) }
}
