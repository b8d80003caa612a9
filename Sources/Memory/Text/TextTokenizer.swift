/// Splits text into words the way both full-text indexes do: runs of
/// letters and digits (Unicode categories L*, N* and Co, as SQLite's
/// unicode61 tokenizer and PostgreSQL's `[[:alnum:]]`), lowercased, with no
/// stemming and accents kept. A run of CJK characters is one word, as in
/// both indexes; the hash embedder looks inside such runs itself.
///
/// It works on UTF-8 bytes with an ASCII fast path, because BM25 tokenises
/// every candidate chunk of every search.
public enum TextTokenizer {
    /// Words of `text`, in order, lowercased.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        forEachWordBytes(text) { out.append(String(decoding: $0, as: UTF8.self)) }
        return out
    }

    /// Calls `body` with each word.
    public static func forEachWord(_ text: String, _ body: (String) -> Void) {
        forEachWordBytes(text) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// Calls `body` with each word's lowercased UTF-8 bytes, valid only during the call.
    /// A word that is already lowercase ASCII is passed straight from the
    /// string's storage; only words that need lowercasing are copied.
    public static func forEachWordBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(64)
        var copy = text
        copy.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            var start = -1      // first byte of the current word, -1 outside a word
            var copying = false // the word is being built in `word`
            func emit(until end: Int) {
                if start >= 0 {
                    if copying {
                        word.withUnsafeBufferPointer(body)
                        word.removeAll(keepingCapacity: true)
                    } else {
                        body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    }
                }
                start = -1
                copying = false
            }
            func beginCopy(at end: Int) {
                guard !copying else { return }
                if start >= 0 { word.append(contentsOf: bytes[start..<end]) } else { start = end }
                copying = true
            }
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                        if start < 0 { start = i }
                        if copying { word.append(b) }
                    } else if b >= 0x41 && b <= 0x5A {
                        beginCopy(at: i)
                        word.append(b + 32)
                    } else {
                        emit(until: i)
                    }
                    i += 1
                    continue
                }
                // A multi-byte scalar (the String is valid UTF-8).
                let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                var value = UInt32(b) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
                for k in 1..<length where i + k < n { value = value << 6 | (UInt32(bytes[i + k]) & 0x3F) }
                guard let scalar = Unicode.Scalar(value), isWordScalar(scalar) else {
                    emit(until: i)
                    i += length
                    continue
                }
                beginCopy(at: i)
                let lower = scalar.properties.lowercaseMapping
                if lower.unicodeScalars.count == 1, lower.unicodeScalars.first == scalar {
                    word.append(contentsOf: bytes[i..<min(i + length, n)])
                } else {
                    word.append(contentsOf: lower.utf8)
                }
                i += length
            }
            emit(until: n)
        }
    }

    /// Letters, digits and private-use characters; everything else separates words.
    @inline(__always)
    public static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A)
        }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber, .privateUse:
            return true
        default:
            return false
        }
    }

    /// Han, Hiragana, Katakana, Hangul and their extensions: scripts written
    /// without spaces between words.
    @inline(__always)
    public static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF,
             0x1100...0x11FF, 0x3130...0x318F, 0x20000...0x2FFFF:
            return true
        default:
            return false
        }
    }
}
