/// A short excerpt of a chunk for a hit: the window of words with the most
/// query terms (the start of the body when none match), about 240
/// characters, with `…` where it was cut. Computed from the chunk text, so
/// both backends show the same snippet.
enum Snippet {
    static let windowWords = 30
    static let maxCharacters = 240

    static func make(_ text: String, terms: [String]) -> String {
        // Skip the heading path line(s) when the chunk has a body.
        var body = Substring(text)
        if let range = text.range(of: "\n\n"), !text[range.upperBound...].isEmpty { body = text[range.upperBound...] }
        let words = body.split(whereSeparator: { $0.isWhitespace })
        guard !words.isEmpty else { return "" }
        var best = 0
        if !terms.isEmpty, words.count > windowWords {
            let wanted = Set(terms)
            let hits = words.map { word in TextTokenizer.words(String(word)).contains { wanted.contains($0) } ? 1 : 0 }
            var count = hits[0..<windowWords].reduce(0, +)
            var bestCount = count
            for start in 1...(words.count - windowWords) {
                count += hits[start + windowWords - 1] - hits[start - 1]
                if count > bestCount { bestCount = count; best = start }
            }
        }
        var snippet = words[best..<min(words.count, best + windowWords)].joined(separator: " ")
        var cut = best + windowWords < words.count
        if snippet.count > maxCharacters {
            snippet = String(snippet.prefix(maxCharacters))
            cut = true
        }
        return (best > 0 ? "…" : "") + snippet + (cut ? "…" : "")
    }
}
