/// Input rules shared by both backends, so the same value is accepted or
/// refused the same way on SQLite and PostgreSQL, with the field named:
/// no NUL anywhere (PostgreSQL text cannot hold it), and indexed "key"
/// fields (session keys, event types, tool names, ...) at most 512 bytes,
/// well under PostgreSQL's b-tree entry limit (~2.7 kB).
enum TextRules {
    static let maxKeyBytes = 512

    static func text(_ value: String, field: String) throws {
        if value.utf8.contains(0) {
            throw StoreError(.invalidInput, "\(field) contains a NUL character (U+0000), which cannot be stored", field: field)
        }
    }

    static func optionalText(_ value: String?, field: String) throws {
        if let value { try text(value, field: field) }
    }

    static func key(_ value: String, field: String) throws {
        guard !value.isEmpty else { throw StoreError(.invalidInput, "\(field) must not be empty", field: field) }
        guard value.utf8.count <= maxKeyBytes else {
            throw StoreError(.invalidInput, "\(field) is longer than \(maxKeyBytes) bytes", field: field)
        }
        try text(value, field: field)
    }

    static func optionalKey(_ value: String?, field: String) throws {
        if let value { try key(value, field: field) }
    }

    /// JSON text: valid JSON and free of what PostgreSQL's jsonb refuses.
    static func json(_ value: String, field: String) throws {
        try text(value, field: field)
        try JSONText.validate(value, field: field)
    }

    static func optionalJSON(_ value: String?, field: String) throws {
        if let value { try json(value, field: field) }
    }
}
