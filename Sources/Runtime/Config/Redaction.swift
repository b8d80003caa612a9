import Foundation

/// Hides secrets before anything is shown or stored.
public enum Redaction {
    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
    public static func url(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex) else { return text }
        let credentials = text[scheme.upperBound..<at.lowerBound]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<credentials.index(after: colon)]) + "***" + String(text[at.lowerBound...])
    }

    /// Replaces every occurrence of each secret (of 4+ characters) with `***`.
    public static func scrub(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets where secret.count >= 4 {
            out = out.replacingOccurrences(of: secret, with: "***")
        }
        return out
    }
}
