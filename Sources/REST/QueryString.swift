/// `a=1&b=x%20y` as name/value pairs (in order, repeats kept), percent-decoded,
/// `+` as a space. Malformed escapes make the pair unreadable: it is dropped
/// by `parse` and refused by the routes that read it.
public enum QueryString {
    public static func parse(_ query: some StringProtocol) -> [(name: String, value: String)] {
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawName = parts[0].replacingOccurrences(of: "+", with: " ")
            let rawValue = parts.count > 1 ? parts[1].replacingOccurrences(of: "+", with: " ") : ""
            guard let name = percentDecode(rawName), let value = percentDecode(rawValue) else { continue }
            pairs.append((name, value))
        }
        return pairs
    }

    /// nil for a bad escape or bytes that are not UTF-8.
    public static func percentDecode(_ text: some StringProtocol) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
