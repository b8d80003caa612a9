/// Splits text into words the way both full-text indexes do: runs of
/// letters and digits (Unicode categories L*, N* and Co, as SQLite's
/// unicode61 tokenizer and PostgreSQL's `[[:alnum:]]`), lowercased, with no
/// stemming and accents kept. A run of CJK characters is one word, as in
/// both indexes; the hash embedder looks inside such runs itself.
public enum TextTokenizer {
    /// Words of `text`, in order, lowercased.
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        forEachWord(text) { out.append($0) }
        return out
    }

    /// Calls `body` with each word, without collecting them.
    public static func forEachWord(_ text: String, _ body: (String) -> Void) {
        var current = String.UnicodeScalarView()
        var asciiOnly = true
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
                if scalar.value >= 0x80 { asciiOnly = false }
            } else if !current.isEmpty {
                body(lowercase(current, asciiOnly: asciiOnly))
                current.removeAll(keepingCapacity: true)
                asciiOnly = true
            }
        }
        if !current.isEmpty { body(lowercase(current, asciiOnly: asciiOnly)) }
    }

    @inline(__always)
    static func lowercase(_ scalars: String.UnicodeScalarView, asciiOnly: Bool) -> String {
        if asciiOnly {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(scalars.count)
            for s in scalars {
                let b = UInt8(truncatingIfNeeded: s.value)
                bytes.append(b >= 0x41 && b <= 0x5A ? b + 32 : b)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(scalars).lowercased()
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
