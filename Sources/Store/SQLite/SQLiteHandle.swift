import CSQLite
import Foundation

/// One open `sqlite3*` with a cache of prepared statements. Not thread-safe by
/// design: it lives inside a `SQLiteConnection` actor and is only touched on
/// that actor's dedicated thread (the library is opened with NOMUTEX).
final class SQLiteHandle: SQLConnection {
    let dialect = SQLDialect.sqlite
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private static let statementCacheLimit = 128

    init(path: String, readOnly: Bool, busyTimeout: Duration) throws {
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &handle, flags, nil)
        guard rc == SQLiteResult.ok, let handle else {
            let error = SQLiteResult.error(handle, code: rc, context: "cannot open \(path)")
            sqlite3_close_v2(handle)
            throw StoreError(.unavailable, error.message, backendCode: error.backendCode)
        }
        db = handle
        sqlite3_extended_result_codes(handle, 1)
        let ms = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: ms))
        do {
            // FULL: every commit is synced, because one durable commit per step is the promise.
            try executeScript("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            if readOnly {
                try executeScript("PRAGMA query_only=ON;")
            } else {
                // Changing the journal mode needs a lock that another opener may hold.
                let mode = try query("PRAGMA journal_mode=WAL", []).first?[0].string
                guard mode?.lowercased() == "wal" else {
                    throw StoreError(.unavailable, "SQLite refused WAL mode (got \(mode ?? "nothing"))")
                }
            }
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    /// Runs several `;`-separated statements without parameters (migrations, pragmas).
    func executeScript(_ sql: String) throws {
        let db = try open()
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &message)
        if rc != SQLiteResult.ok {
            let text = message.map { String(cString: $0) } ?? "error \(rc)"
            sqlite3_free(message)
            var error = SQLiteResult.error(db, code: sqlite3_extended_errcode(db), context: "script failed")
            error.message = "script failed: \(text)"
            throw error
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        let db = try open()
        let statement = try prepare(sql, parameters)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLiteResult.done { break }
            if rc == SQLiteResult.row { continue }
            throw SQLiteResult.error(db, code: sqlite3_extended_errcode(db), context: "statement failed")
        }
        return Int(sqlite3_changes(db))
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        let db = try open()
        let statement = try prepare(sql, parameters)
        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
        let count = sqlite3_column_count(statement)
        let columns = (0..<count).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [Row] = []
        while true {
            let rc = sqlite3_step(statement)
            if rc == SQLiteResult.done { break }
            guard rc == SQLiteResult.row else {
                throw SQLiteResult.error(db, code: sqlite3_extended_errcode(db), context: "query failed")
            }
            var values: [SQLValue] = []
            values.reserveCapacity(Int(count))
            for i in 0..<count { values.append(Self.column(statement, i)) }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }

    private func open() throws -> OpaquePointer {
        guard let db else { throw StoreError(.unavailable, "the SQLite connection is closed") }
        return db
    }

    private func prepare(_ sql: String, _ parameters: [SQLValue]) throws -> OpaquePointer {
        let db = try open()
        let statement: OpaquePointer
        if let cached = statements[sql] {
            statement = cached
        } else {
            var prepared: OpaquePointer?
            let rc = sqlite3_prepare_v3(db, Placeholders.sqlite(sql), -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
            guard rc == SQLiteResult.ok, let prepared else {
                throw SQLiteResult.error(db, code: sqlite3_extended_errcode(db), context: "cannot prepare statement")
            }
            if statements.count >= Self.statementCacheLimit {
                for old in statements.values { sqlite3_finalize(old) }
                statements.removeAll()
            }
            statements[sql] = prepared
            statement = prepared
        }
        let expected = Int(sqlite3_bind_parameter_count(statement))
        guard expected == parameters.count else {
            throw StoreError(.internal, "statement expects \(expected) parameters, got \(parameters.count)")
        }
        for (offset, value) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(statement, index)
            case .integer(let v):
                rc = sqlite3_bind_int64(statement, index, v)
            case .real(let v):
                rc = sqlite3_bind_double(statement, index, v)
            case .text(let s):
                // Length given explicitly: SQLite copies exactly these bytes.
                rc = s.withCString { pointer in
                    sqlite3_bind_text(statement, index, pointer, Int32(s.utf8.count), SQLiteResult.transient)
                }
            case .blob(let data):
                rc = data.withUnsafeBytes { raw in
                    raw.baseAddress == nil || raw.count == 0
                        ? sqlite3_bind_zeroblob(statement, index, 0)
                        : sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), SQLiteResult.transient)
                }
            }
            guard rc == SQLiteResult.ok else {
                sqlite3_clear_bindings(statement)
                throw SQLiteResult.error(db, code: rc, context: "cannot bind parameter \(index)")
            }
        }
        return statement
    }

    private static func column(_ statement: OpaquePointer, _ i: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(statement, i))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(statement, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(statement, i))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, i))
            guard count > 0, let bytes = sqlite3_column_blob(statement, i) else { return .blob(Data()) }
            return .blob(Data(bytes: bytes, count: count))
        default:
            return .null
        }
    }
}
