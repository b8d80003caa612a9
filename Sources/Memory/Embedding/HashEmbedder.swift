/// The offline default embedder: feature hashing (the "hashing trick") of a
/// text's words and character 3-grams into `dimension` buckets with a
/// ±1 sign per feature, then L2-normalised. Deterministic across processes
/// and machines, no model, no network.
///
/// Features, each hashed with its kind as a prefix so a word and a 3-gram
/// of the same letters do not collide on purpose:
/// - every lowercased word that is not an English stop word (weight 1);
/// - the 3-grams of each such word padded with `<` `>` (weight 0.25 each),
///   so `deploy`, `deploys` and `deployment` land near each other where
///   exact-word full text sees three different words;
/// - in CJK text, which has no spaces, every character (weight 1) and every
///   pair of adjacent characters (weight 1) — bigrams carry most of the
///   meaning of Chinese and Japanese words.
public struct HashEmbedder: Embedder {
    public let dimension: Int
    /// Bump when the features change: vectors of another version are not comparable.
    public static let version = 1
    public var name: String { "hash-v\(Self.version)" }

    static let wordWeight: Float = 1
    static let gramWeight: Float = 0.25
    static let cjkWeight: Float = 1

    public init(dimension: Int = 256) {
        self.dimension = max(1, dimension)
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(vector)
    }

    /// The vector of one text (synchronous: pure computation).
    public func vector(_ text: String) -> [Float] {
        var v = [Float](repeating: 0, count: dimension)
        v.withUnsafeMutableBufferPointer { buffer in
            TextTokenizer.forEachWord(text) { word in
                Self.features(of: word) { kind, feature, weight in
                    let h = Self.hash(kind, feature)
                    let index = Int(h % UInt64(buffer.count))
                    buffer[index] += (h >> 63) == 0 ? weight : -weight
                }
            }
        }
        return VectorMath.normalized(v)
    }

    /// Calls `body(kind, bytes, weight)` for each feature of one word.
    static func features(of word: String, _ body: (UInt8, ArraySlice<UInt8>, Float) -> Void) {
        let scalars = Array(word.unicodeScalars)
        if scalars.contains(where: TextTokenizer.isCJK) {
            // Split the run into CJK characters (unigrams + bigrams) and
            // embedded non-CJK parts (treated as words).
            var latin = String.UnicodeScalarView()
            var previous: Unicode.Scalar?
            for s in scalars {
                if TextTokenizer.isCJK(s) {
                    if !latin.isEmpty { wordFeatures(String(latin), body); latin.removeAll() }
                    let one = Array(String(s).utf8)
                    body(UInt8(ascii: "c"), one[...], cjkWeight)
                    if let p = previous {
                        let pair = Array((String(p) + String(s)).utf8)
                        body(UInt8(ascii: "b"), pair[...], cjkWeight)
                    }
                    previous = s
                } else {
                    latin.append(s)
                    previous = nil
                }
            }
            if !latin.isEmpty { wordFeatures(String(latin), body) }
            return
        }
        wordFeatures(word, body)
    }

    static func wordFeatures(_ word: String, _ body: (UInt8, ArraySlice<UInt8>, Float) -> Void) {
        guard !Stopwords.contains(word) else { return }
        let bytes = Array(word.utf8)
        body(UInt8(ascii: "w"), bytes[...], wordWeight)
        // 3-grams over characters (not bytes), padded: "<de", "dep", …, "oy>".
        let chars = [Array("<".utf8)] + word.unicodeScalars.map { Array(String($0).utf8) } + [Array(">".utf8)]
        guard chars.count >= 3 else { return }
        for i in 0...(chars.count - 3) {
            let gram = chars[i] + chars[i + 1] + chars[i + 2]
            body(UInt8(ascii: "g"), gram[...], gramWeight)
        }
    }

    /// FNV-1a 64 over the kind byte and the feature, then a splitmix64
    /// finaliser so both the bucket (low bits) and the sign (top bit) are well mixed.
    @inline(__always)
    static func hash(_ kind: UInt8, _ bytes: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        h = (h ^ UInt64(kind)) &* 0x0000_0100_0000_01B3
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        h ^= h >> 30
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 27
        h = h &* 0x94d0_49bb_1331_11eb
        h ^= h >> 31
        return h
    }
}
