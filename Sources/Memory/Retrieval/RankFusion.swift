/// Reciprocal rank fusion (Cormack et al., 2009): a document's fused score is
/// the sum over the ranked lists that contain it of weight / (k + rank), rank
/// counted from 1. It needs no score normalisation, so BM25 and cosine
/// similarity combine without tuning; k = 60 damps the top ranks' weight.
public enum RankFusion {
    public static let defaultK = 60.0

    /// Fused scores of every key in `lists`, best first; ties go to the
    /// smaller key. `weights` (one per list, default 1 each) scale each
    /// list's share; a key only lists of weight 0 hold scores 0 and is left out.
    public static func fuse(_ lists: [[String]], weights: [Double]? = nil, k: Double = defaultK) -> [(key: String, score: Double)] {
        var scores: [String: Double] = [:]
        for (n, list) in lists.enumerated() {
            let weight = weights?[n] ?? 1
            for (i, key) in list.enumerated() { scores[key, default: 0] += weight / (k + Double(i + 1)) }
        }
        return scores.filter { $0.value > 0 }.map { ($0.key, $0.value) }.sorted { a, b in
            let x = (a.1 * 1e12).rounded(), y = (b.1 * 1e12).rounded()
            return x != y ? x > y : a.0 < b.0
        }
    }
}
