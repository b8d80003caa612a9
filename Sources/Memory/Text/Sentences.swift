import Foundation

/// Sentence boundaries good enough for chunking and extractive summaries:
/// after `.`, `!`, `?` followed by a space, after CJK full stops, and at
/// line breaks. No abbreviation list; a rare early cut only moves a chunk
/// boundary.
public enum Sentences {
    public static func split(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousEnds = false
        for ch in text {
            if ch == "\n" {
                flush(&current, into: &out)
                previousEnds = false
                continue
            }
            if previousEnds && ch.isWhitespace {
                flush(&current, into: &out)
                previousEnds = false
                continue
            }
            current.append(ch)
            if "。！？".contains(ch) {
                flush(&current, into: &out)
                previousEnds = false
            } else {
                previousEnds = ".!?".contains(ch)
            }
        }
        flush(&current, into: &out)
        return out
    }

    private static func flush(_ current: inout String, into out: inout [String]) {
        let s = current.trimmingCharacters(in: .whitespaces)
        if !s.isEmpty { out.append(s) }
        current = ""
    }
}
