import CLibPQ

/// Maps libpq failures to `StoreError`s by SQLSTATE class.
enum PostgresErrors {
    static func from(result: OpaquePointer?, connection: OpaquePointer?, context: String) -> StoreError {
        let sqlState = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        var message = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "M"))) }.map { String(cString: $0) }
        if message == nil || message?.isEmpty == true {
            message = connection.map { String(cString: PQerrorMessage($0)) }
        }
        let text = "\(context): \((message ?? "unknown error").trimmingCharacters(in: [" ", "\n"]))"
        guard let sqlState else {
            // No SQLSTATE: libpq itself failed, which means the connection is gone.
            return StoreError.connectionFailure(text, beforeCommit: false)
        }
        var error = StoreError(code(for: sqlState), text, backendCode: sqlState)
        // Connection exceptions, and the server shutting down or starting up.
        error.connectionLost = sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
        return error
    }

    static func code(for sqlState: String) -> StoreError.Code {
        switch sqlState {
        case "23505": return .conflict
        case "23503": return .invalidInput
        case "40001", "40P01", "55P03": return .busy
        case "57P01", "57P02", "57P03": return .unavailable
        default: break
        }
        switch sqlState.prefix(2) {
        case "22", "23": return .invalidInput
        case "08", "53", "58": return .unavailable
        default: return .internal
        }
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
