import Foundation
import Memory

/// Deterministic, embedding-like test data. Real embeddings are not uniform
/// on the sphere: they cluster by topic and live near a low-dimensional
/// subspace. So each chunk's vector is `(center[topic] + 0.6·noise) · B + 0.05·noise`,
/// with B a random 32 × 256 basis and 200 topic centers, normalised; a
/// query is a topic center with its own noise. Texts draw 30% of their 80
/// words from their topic's 40 words and the rest from a Zipf-distributed
/// 8,000-word vocabulary (English stop words at the top, then pronounceable
/// pseudo-words), so full text and vectors agree roughly, as on real data.
/// A query is three of its topic's words and one from the tail.
struct Corpus {
    static let dimension = 256
    static let rank = 32
    static let topics = 200

    var texts: [String] = []
    var vectors: [[Float]] = []
    var queryTexts: [String] = []
    var queryVectors: [[Float]] = []
    /// All vectors, contiguous, for the exact scan.
    private var flat: [Float] = []

    init(count: Int, queries: Int) {
        var rng = SplitMix(seed: 20261129)
        let basis = (0..<Self.rank).map { _ in (0..<Self.dimension).map { _ in rng.gaussian() } }
        let centers = (0..<Self.topics).map { _ in (0..<Self.rank).map { _ in rng.gaussian() } }
        // As in real text, the most frequent words are function words (which
        // queries drop), then a long tail of content words.
        let vocabulary = Stopwords.english.sorted() + (0..<(8000 - Stopwords.english.count)).map { _ in Self.word(&rng) }
        let topicWords = (0..<Self.topics).map { _ in (0..<40).map { _ in Self.word(&rng) } }
        // Zipf: P(rank r) ∝ 1/r, sampled by inverting the cumulative sum.
        var cumulative: [Double] = []
        var sum = 0.0
        for r in 1...vocabulary.count { sum += 1 / Double(r); cumulative.append(sum) }
        func zipf(from lowest: Int = 0) -> String {
            let x = cumulative[lowest] + rng.unit() * (sum - cumulative[lowest])
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < x { lo = mid + 1 } else { hi = mid } }
            return vocabulary[lo]
        }
        func embed(_ z: [Float], noise: Float) -> [Float] {
            var v = [Float](repeating: 0, count: Self.dimension)
            for r in 0..<Self.rank where z[r] != 0 {
                for d in 0..<Self.dimension { v[d] += z[r] * basis[r][d] }
            }
            for d in 0..<Self.dimension { v[d] += noise * rng.gaussian() }
            return VectorMath.normalized(v)
        }
        texts.reserveCapacity(count)
        vectors.reserveCapacity(count)
        for _ in 0..<count {
            let topic = Int(rng.next() % UInt64(Self.topics))
            let z = centers[topic].map { $0 + 0.6 * rng.gaussian() }
            vectors.append(embed(z, noise: 0.05))
            let words = (0..<80).map { _ in rng.unit() < 0.3 ? topicWords[topic][Int(rng.next() % 40)] : zipf() }
            texts.append(words.joined(separator: " ").capitalizedFirst + ".")
        }
        for _ in 0..<queries {
            let topic = Int(rng.next() % UInt64(Self.topics))
            let z = centers[topic].map { $0 + 0.3 * rng.gaussian() }
            queryVectors.append(embed(z, noise: 0.05))
            queryTexts.append((0..<3).map { _ in topicWords[topic][Int(rng.next() % 40)] }.joined(separator: " ") + " " + zipf(from: 300))
        }
        flat = vectors.flatMap { $0 }
    }

    /// Indices of the `k` most similar of the first `count` vectors, exactly.
    func exactTop(_ query: [Float], k: Int, count: Int) -> Set<Int> {
        var scored: [(Int, Float)] = []
        scored.reserveCapacity(count)
        query.withUnsafeBufferPointer { q in
            flat.withUnsafeBufferPointer { all in
                for i in 0..<count {
                    scored.append((i, VectorMath.dot(q.baseAddress!, all.baseAddress! + i * Self.dimension, count: Self.dimension)))
                }
            }
        }
        return Set(scored.sorted { $0.1 > $1.1 }.prefix(k).map(\.0))
    }

    static func word(_ rng: inout SplitMix) -> String {
        let consonants = Array("bcdfghklmnprstvz"), vowels = Array("aeiou")
        let syllables = 2 + Int(rng.next() % 3)
        return String((0..<syllables).flatMap { _ in [consonants[Int(rng.next() % 16)], vowels[Int(rng.next() % 5)]] })
    }
}

/// SplitMix64: a tiny deterministic generator (the benchmark must be repeatable).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func gaussian() -> Float {
        let u = max(unit(), 1e-12), v = unit()
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
