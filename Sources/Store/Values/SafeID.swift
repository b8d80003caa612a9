/// The one rule for identifiers that may become part of a filesystem path
/// (org, user and project ids, session keys, run ids, skill names, role and
/// group ids, upload names): 1…128 ASCII letters, digits and `. _ : -`, never
/// starting with a dot — so never `.`, `..`, empty or hidden, and never a
/// separator, NUL, percent-escape or Unicode look-alike. Checked at the RPC
/// and CLI edge (docs/protocol.md, "Identifiers") and again here, where
/// scopes are made.
public enum SafeID {
    public static let maxLength = 128
    /// The same rule as a JSON Schema pattern (with `maxLength` beside it).
    public static let pattern = "^[A-Za-z0-9_:-][A-Za-z0-9._:-]*$"
    /// What the rule allows, for messages.
    public static let rule = "1–128 ASCII letters, digits and . _ : -, not starting with a dot"

    /// Why `value` breaks the rule, or nil when it is a valid id.
    public static func problem(_ value: String) -> String? {
        if value.isEmpty { return "must not be empty" }
        if value.utf8.count > maxLength { return "must be at most \(maxLength) characters" }
        if value.utf8.first == UInt8(ascii: ".") { return "must not start with a dot" }
        let ok = value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
        }
        return ok ? nil : "may contain only ASCII letters, digits and . _ : -"
    }

    public static func isValid(_ value: String) -> Bool { problem(value) == nil }
}
