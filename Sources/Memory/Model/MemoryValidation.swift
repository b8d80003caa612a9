import Foundation
import JSON

/// Input checks shared by every entry point (RPC, tools, the runtime), so a
/// bad value is refused the same way with the field named, before any SQL.
enum MemoryValidation {
    /// Role and group ids: 1…128 of `[A-Za-z0-9._:-]`, like scope ids.
    static func optionalID(_ value: String?, field: String) throws {
        guard let value else { return }
        let ok = !value.isEmpty && value.utf8.count <= 128 && value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: ":") || b == UInt8(ascii: "-")
        }
        guard ok else { throw MemoryError.invalid("\(field) must be 1…128 letters, digits or . _ : -", field: field) }
    }

    /// Text within `maxBytes` (any character, U+0000 included: both backends store it).
    static func text(_ value: String, field: String, maxBytes: Int) throws {
        guard value.utf8.count <= maxBytes else {
            throw MemoryError(.tooLarge, "\(field) is \(value.utf8.count) bytes; the limit is \(maxBytes)", field: field, limit: maxBytes)
        }
    }

    /// A key-like text (source type and key): within `maxBytes` and without NUL.
    static func key(_ value: String?, field: String, maxBytes: Int) throws {
        guard let value else { return }
        try text(value, field: field, maxBytes: maxBytes)
        guard !value.utf8.contains(0) else {
            throw MemoryError.invalid("\(field) contains a NUL character (U+0000)", field: field)
        }
    }

    static func optionalText(_ value: String?, field: String, maxBytes: Int) throws {
        if let value { try text(value, field: field, maxBytes: maxBytes) }
    }

    /// Core block labels: 1…64 of `[A-Za-z0-9_.-]`.
    static func label(_ value: String, field: String = "label") throws {
        let ok = !value.isEmpty && value.utf8.count <= 64 && value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
        }
        guard ok else { throw MemoryError.invalid("\(field) must be 1…64 letters, digits or _ . -", field: field) }
    }

    /// A JSON object whose serialised form fits `maxBytes`.
    static func metadata(_ value: JSONValue?, maxBytes: Int) throws -> JSONValue {
        guard let value, !value.isNull else { return .object([:]) }
        guard case .object = value else { throw MemoryError.invalid("metadata must be a JSON object", field: "metadata") }
        let text = value.description
        guard text.utf8.count <= maxBytes else {
            throw MemoryError(.tooLarge, "metadata is \(text.utf8.count) bytes serialised; the limit is \(maxBytes)", field: "metadata", limit: maxBytes)
        }
        guard !text.contains("\\u0000") else { throw MemoryError.invalid("metadata contains a NUL character", field: "metadata") }
        return value
    }
}
