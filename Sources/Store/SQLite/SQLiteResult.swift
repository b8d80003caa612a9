import CSQLite

/// SQLite result codes, and their meaning as `StoreError`s. The extended
/// codes are macros built from expressions, which Swift does not import.
enum SQLiteResult {
    static let ok: Int32 = 0
    static let busy: Int32 = 5
    static let locked: Int32 = 6
    static let constraint: Int32 = 19
    static let row: Int32 = 100
    static let done: Int32 = 101
    static let constraintUnique: Int32 = 19 | (8 << 8)
    static let constraintPrimaryKey: Int32 = 19 | (6 << 8)
    static let constraintForeignKey: Int32 = 19 | (3 << 8)
    static let constraintNotNull: Int32 = 19 | (5 << 8)
    static let constraintCheck: Int32 = 19 | (1 << 8)

    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before `bind` returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func error(_ db: OpaquePointer?, code: Int32, context: String) -> StoreError {
        let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        let text = "\(context): \(message)"
        let backend = "SQLITE_\(code)"
        switch code {
        case constraintUnique, constraintPrimaryKey:
            return StoreError(.conflict, text, backendCode: backend)
        case constraintForeignKey:
            return StoreError(.invalidInput, "\(text) (a referenced row does not exist)", backendCode: backend)
        case _ where code & 0xFF == constraint:
            return StoreError(.invalidInput, text, backendCode: backend)
        case _ where code & 0xFF == busy || code & 0xFF == locked:
            return StoreError(.busy, text, backendCode: backend)
        case _ where [10, 13, 14, 11, 26].contains(code & 0xFF):
            // IOERR, FULL, CANTOPEN, CORRUPT, NOTADB
            return StoreError(.unavailable, text, backendCode: backend)
        default:
            return StoreError(.internal, text, backendCode: backend)
        }
    }
}
