/// Input rules shared by both backends, so the same value is accepted or
/// refused the same way on SQLite and PostgreSQL, with the field named.
/// Content (inputs, answers, prompts, memory text) may hold any character,
/// U+0000 included: SQLite stores it, and the PostgreSQL driver escapes it
/// (`PostgresText`). Indexed "key" fields (session keys, event types, tool
/// names, ...) are at most 512 bytes, well under PostgreSQL's b-tree entry
/// limit (~2.7 kB), and never hold NUL.
enum TextRules {
    static let maxKeyBytes = 512

    static func key(_ value: String, field: String) throws {
        guard !value.isEmpty else { throw StoreError(.invalidInput, "\(field) must not be empty", field: field) }
        guard value.utf8.count <= maxKeyBytes else {
            throw StoreError(.invalidInput, "\(field) is longer than \(maxKeyBytes) bytes", field: field)
        }
        if value.utf8.contains(0) {
            throw StoreError(.invalidInput, "\(field) contains a NUL character (U+0000)", field: field)
        }
    }

    static func optionalKey(_ value: String?, field: String) throws {
        if let value { try key(value, field: field) }
    }

    /// JSON for a `jsonb` column on PostgreSQL: valid JSON and free of what jsonb refuses.
    static func json(_ value: String, field: String) throws {
        try JSONText.validate(value, field: field, allowNUL: false)
    }

    static func optionalJSON(_ value: String?, field: String) throws {
        if let value { try json(value, field: field) }
    }

    /// JSON that both backends keep as text (events, checkpoints, run results,
    /// approval arguments): valid JSON, `\u0000` allowed.
    static func jsonText(_ value: String, field: String) throws {
        try JSONText.validate(value, field: field, allowNUL: true)
    }

    static func optionalJSONText(_ value: String?, field: String) throws {
        if let value { try jsonText(value, field: field) }
    }
}
