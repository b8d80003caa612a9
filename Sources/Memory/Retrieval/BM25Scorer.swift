import Foundation

/// Orders full-text candidates with BM25 (k1 = 1.2, b = 0.75), computed here
/// from the candidates' text rather than by each database, so SQLite and
/// PostgreSQL order the same candidates the same way: FTS5's `bm25()` and
/// PostgreSQL's `ts_rank_cd` only choose the candidate pool.
///
/// Statistics come from the pool: N is the number of candidates (every one
/// contains at least one query term), df counts candidates per term, and the
/// average length is the pool's. When the pool holds every match — the
/// usual case, it is a few hundred chunks — df is the true document
/// frequency among matching chunks; idf = ln(1 + (N − df + 0.5) / (df + 0.5)).
struct BM25Scorer {
    var k1 = 1.2
    var b = 0.75

    struct Scored {
        var index: Int
        var score: Double
    }

    /// Scores of `documents` for `terms`, best first; ties go to the smaller `keys` entry.
    func rank(terms: [String], documents: [String], keys: [String]) -> [Scored] {
        guard !documents.isEmpty else { return [] }
        let termBytes = terms.map { Array($0.utf8) }
        let byLength = Dictionary(grouping: termBytes.indices, by: { termBytes[$0].count })
        let maxLength = termBytes.map(\.count).max() ?? 0
        var frequencies: [[Int]] = []
        var lengths: [Int] = []
        frequencies.reserveCapacity(documents.count)
        for document in documents {
            var tf = [Int](repeating: 0, count: terms.count)
            var length = 0
            // Compare bytes with the few query terms: no String per word.
            TextTokenizer.forEachWordBytes(document) { word in
                length += 1
                guard word.count <= maxLength, let candidates = byLength[word.count] else { return }
                for t in candidates where Self.same(termBytes[t], word) {
                    tf[t] += 1
                    return
                }
            }
            frequencies.append(tf)
            lengths.append(length)
        }
        let n = Double(documents.count)
        let averageLength = max(1, Double(lengths.reduce(0, +)) / n)
        let idf: [Double] = terms.indices.map { t in
            let df = Double(frequencies.reduce(0) { $0 + ($1[t] > 0 ? 1 : 0) })
            return log(1 + (n - df + 0.5) / (df + 0.5))
        }
        var scored: [Scored] = documents.indices.map { d in
            var score = 0.0
            let norm = k1 * (1 - b + b * Double(lengths[d]) / averageLength)
            for t in terms.indices where frequencies[d][t] > 0 {
                let tf = Double(frequencies[d][t])
                score += idf[t] * tf * (k1 + 1) / (tf + norm)
            }
            return Scored(index: d, score: score)
        }
        scored.sort { a, b in
            let x = Self.stable(a.score), y = Self.stable(b.score)
            return x != y ? x > y : keys[a.index] < keys[b.index]
        }
        return scored
    }

    @inline(__always)
    static func same(_ term: [UInt8], _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<word.count where term[i] != word[i] { return false }
        return true
    }

    /// Scores rounded to 1e-9, so floating-point noise never decides an order.
    static func stable(_ score: Double) -> Double { (score * 1e9).rounded() / 1e9 }
}
