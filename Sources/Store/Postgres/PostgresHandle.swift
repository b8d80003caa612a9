import CLibPQ
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection (`PGconn*`). Not thread-safe by design: it lives inside
/// a `PostgresConnection` actor and is only touched on that actor's thread.
/// Parameters go as text (`$1…$n`, types inferred by the server), blobs as
/// binary `bytea`; results come back as text and are converted by column type.
/// Statements are prepared once per connection and then only executed.
final class PostgresHandle: SQLConnection {
    let dialect = SQLDialect.postgres
    private var conn: OpaquePointer?
    private var preparedStatements: [String: String] = [:]
    private var statementCounter = 0
    private static let preparedLimit = 256

    /// Connects with the URL as given, so every libpq option (sslmode,
    /// sslrootcert, connect_timeout, ...) passes through untouched.
    init(url: String) throws {
        let conn = PQconnectdb(url)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let message = conn.map { String(cString: PQerrorMessage($0)) } ?? "out of memory"
            PQfinish(conn)
            throw StoreError.connectionFailure("cannot connect to PostgreSQL: \(message.trimmedLines)")
        }
        self.conn = conn
        // libpq prints NOTICEs ("extension already exists, skipping") to stderr
        // by default; a library must not write to the host's streams.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        PQsetClientEncoding(conn, "UTF8")
        do {
            // Timestamps come back as ISO text in UTC, which `Timestamp.parse` reads.
            try executeScript("SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET extra_float_digits = 3")
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    func close() {
        if let conn { PQfinish(conn) }
        conn = nil
    }

    var isOpen: Bool { conn != nil }

    /// Cheap check before a pooled connection is handed out: no round trip,
    /// just "is anything waiting on the socket?" — a backend killed by
    /// `pg_terminate_backend` leaves a FATAL message and EOF there.
    func isHealthy() -> Bool {
        guard let conn, PQstatus(conn) == CONNECTION_OK, PQtransactionStatus(conn) == PQTRANS_IDLE else { return false }
        var fd = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        let ready = poll(&fd, 1, 0)
        if ready < 0 { return false }
        if ready > 0 {
            if fd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { return false }
            if PQconsumeInput(conn) == 0 { return false }
            while let notice = PQnotifies(conn) { PQfreemem(notice) }
        }
        return PQstatus(conn) == CONNECTION_OK
    }

    /// The raw `PGconn*`, for the listener's `PQnotifies` loop.
    var rawConnection: OpaquePointer? { conn }

    /// After a failed statement: is the connection itself still usable?
    var isHealthyAfterFailure: Bool { conn.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Several statements, no parameters (migrations, session settings, DDL).
    func executeScript(_ sql: String) throws {
        guard let conn else { throw StoreError(.unavailable, "the PostgreSQL connection is closed") }
        let result = PQexec(conn, sql)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY else {
            throw PostgresErrors.from(result: result, connection: conn, context: "script failed")
        }
    }

    @discardableResult
    func execute(_ sql: String, _ parameters: [SQLValue]) throws -> Int {
        try run(sql, parameters) { result in
            let affected = String(cString: PQcmdTuples(result))
            return Int(affected) ?? 0
        }
    }

    func query(_ sql: String, _ parameters: [SQLValue]) throws -> [Row] {
        try run(sql, parameters) { result in Self.rows(result) }
    }

    private func run<T>(_ sql: String, _ parameters: [SQLValue], _ read: (OpaquePointer) -> T) throws -> T {
        guard let conn else { throw StoreError(.unavailable, "the PostgreSQL connection is closed") }
        var buffers = ParameterBuffers()
        defer { buffers.free() }
        for (offset, value) in parameters.enumerated() {
            try buffers.append(value)
        }
        let name = try prepare(sql, types: buffers.types, conn: conn)
        let result = buffers.withArrays { _, values, lengths, formats in
            PQexecPrepared(conn, name, Int32(parameters.count), values, lengths, formats, 0)
        }
        defer { PQclear(result) }
        guard let result else { throw PostgresErrors.from(result: nil, connection: conn, context: "query failed") }
        let status = PQresultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw PostgresErrors.from(result: result, connection: conn, context: "query failed")
        }
        return read(result)
    }

    /// The server-side prepared statement for `sql` with these parameter
    /// types, prepared on first use: later runs skip parsing and planning.
    /// Protocol-level prepared statements survive rollbacks; the cache dies
    /// with the connection (a reconnect starts a new handle and cache).
    private func prepare(_ sql: String, types: [Oid], conn: OpaquePointer) throws -> String {
        let key = types.contains { $0 != 0 } ? sql + "\u{0}" + types.map { String($0) }.joined(separator: ",") : sql
        if let name = preparedStatements[key] { return name }
        if preparedStatements.count >= Self.preparedLimit {
            PQclear(PQexec(conn, "DEALLOCATE ALL"))
            preparedStatements.removeAll()
        }
        statementCounter += 1
        let name = "oi_\(statementCounter)"
        let result = types.withUnsafeBufferPointer { PQprepare(conn, name, sql, Int32(types.count), $0.baseAddress) }
        defer { PQclear(result) }
        guard let result, PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw PostgresErrors.from(result: result, connection: conn, context: "cannot prepare statement")
        }
        preparedStatements[key] = name
        return name
    }

    private static func rows(_ result: OpaquePointer) -> [Row] {
        let rowCount = PQntuples(result)
        let fieldCount = PQnfields(result)
        let columns = (0..<fieldCount).map { String(cString: PQfname(result, $0)) }
        let types = (0..<fieldCount).map { PQftype(result, $0) }
        var rows: [Row] = []
        rows.reserveCapacity(Int(rowCount))
        for r in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(fieldCount))
            for f in 0..<fieldCount {
                if PQgetisnull(result, r, f) != 0 {
                    values.append(.null)
                    continue
                }
                let length = Int(PQgetlength(result, r, f))
                guard let value = PQgetvalue(result, r, f) else {
                    values.append(.null)
                    continue
                }
                let raw = UnsafeRawPointer(value)
                let text = String(decoding: UnsafeRawBufferPointer(start: raw, count: length), as: UTF8.self)
                values.append(PostgresType.value(text: PostgresText.unescape(text), oid: types[Int(f)]))
            }
            rows.append(Row(columns: columns, values: values))
        }
        return rows
    }
}

/// C strings for `PQexecParams`, kept alive for the call and freed after.
private struct ParameterBuffers {
    var values: [UnsafeMutablePointer<CChar>?] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    var types: [Oid] = []

    mutating func append(_ value: SQLValue) throws {
        switch value {
        case .null:
            values.append(nil); lengths.append(0); formats.append(0); types.append(0)
        case .blob(let data):
            // bytea in binary format: no hex encoding, no escaping.
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(1, data.count))
            data.withUnsafeBytes { raw in
                if let base = raw.baseAddress { buffer.withMemoryRebound(to: UInt8.self, capacity: data.count) { $0.update(from: base.assumingMemoryBound(to: UInt8.self), count: data.count) } }
            }
            values.append(buffer); lengths.append(Int32(data.count)); formats.append(1); types.append(PostgresType.bytea)
        case .integer(let v):
            appendText(String(v))
        case .real(let v):
            appendText(v.isNaN ? "NaN" : v == .infinity ? "Infinity" : v == -.infinity ? "-Infinity" : "\(v)")
        case .text(let s):
            appendText(PostgresText.escape(s))
        }
    }

    private mutating func appendText(_ text: String) {
        values.append(strdup(text)); lengths.append(0); formats.append(0); types.append(0)
    }

    func withArrays<T>(_ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> T) -> T {
        let constValues = values.map { UnsafePointer($0) }
        return types.withUnsafeBufferPointer { t in
            constValues.withUnsafeBufferPointer { v in
                lengths.withUnsafeBufferPointer { l in
                    formats.withUnsafeBufferPointer { f in
                        body(t.baseAddress, v.baseAddress, l.baseAddress, f.baseAddress)
                    }
                }
            }
        }
    }

    func free() {
        for value in values { Glibc.free(value) }
    }
}

extension String {
    var trimmedLines: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
