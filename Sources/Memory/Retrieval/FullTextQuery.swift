/// A user's query made safe for both full-text engines. The words come from
/// `TextTokenizer` (letters and digits only), so nothing the user types can
/// reach FTS5's or `websearch_to_tsquery`'s syntax: every term is quoted as
/// a phrase and the terms are joined with OR. Stop words are dropped unless
/// the query has nothing else. Ranking (which terms matter) is BM25's job.
public struct FullTextQuery: Sendable, Equatable {
    public let terms: [String]

    /// At most this many distinct terms are searched.
    public static let maxTerms = 32
    /// Longer words are not searched (PostgreSQL drops words over 2047 bytes from tsvectors).
    public static let maxTermBytes = 256

    public init(_ query: String) {
        var seen = Set<String>()
        var all: [String] = []
        for word in TextTokenizer.words(query) where word.utf8.count <= Self.maxTermBytes && seen.insert(word).inserted {
            all.append(word)
        }
        let content = all.filter { !Stopwords.contains($0) }
        terms = Array((content.isEmpty ? all : content).prefix(Self.maxTerms))
    }

    public var isEmpty: Bool { terms.isEmpty }

    /// FTS5: `"alpha" OR "beta"`. Quotes inside a term are doubled (there
    /// are none: terms are alphanumeric, but the escape costs nothing).
    public var fts5: String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ")
    }

    /// `websearch_to_tsquery` input: `"alpha" or "beta"`. Quoting keeps a
    /// term that is itself `or` (or starts with `-`) a term.
    public var websearch: String {
        terms.map(Self.quoted).joined(separator: " or ")
    }

    /// Queries of more terms than this are not narrowed to pairs (the
    /// pair query grows with the square of the terms).
    public static let maxPairTerms = 12

    /// `websearch_to_tsquery` input matching chunks that hold at least two
    /// of the terms: `"a" "b" or "a" "c" or "b" "c"` (AND binds tighter than
    /// `or`). nil for fewer than two or more than `maxPairTerms` terms.
    public var websearchPairs: String? {
        guard (2...Self.maxPairTerms).contains(terms.count) else { return nil }
        var pairs: [String] = []
        for i in terms.indices {
            for j in terms.indices where j > i { pairs.append(Self.quoted(terms[i]) + " " + Self.quoted(terms[j])) }
        }
        return pairs.joined(separator: " or ")
    }

    static func quoted(_ term: String) -> String {
        "\"" + term.replacingOccurrences(of: "\"", with: " ") + "\""
    }
}
