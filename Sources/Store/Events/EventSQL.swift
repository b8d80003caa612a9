import Foundation

/// Event statements shared by `EventRepository` and the step commit.
enum EventSQL {
    static let columns = "org_id, run_id, seq, id, user_id, project_id, type, ts, step, group_id, role_id, message_type, payload"
    /// The event type whose appends raise `runs.tool_call_count`.
    static let toolCalled = "tool.called"

    static func toolCalls(in events: [NewEvent]) -> Int { events.reduce(0) { $0 + ($1.type == toolCalled ? 1 : 0) } }

    /// 13 parameters a row; 100 rows stay far below SQLite's and libpq's limits.
    static let rowsPerInsert = 100

    static func validate(_ events: [NewEvent]) throws {
        for (index, event) in events.enumerated() {
            try TextRules.key(event.type, field: "events[\(index)].type")
            try TextRules.jsonText(event.payload, field: "events[\(index)].payload")
            try TextRules.optionalKey(event.groupID, field: "events[\(index)].group_id")
            try TextRules.optionalKey(event.roleID, field: "events[\(index)].role_id")
            try TextRules.optionalKey(event.messageType, field: "events[\(index)].message_type")
        }
    }

    static func decode(_ row: Row) throws -> Event {
        Event(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            seq: try row.int64("seq"),
            type: try row.string("type"),
            ts: try row.date("ts"),
            step: row.optionalInt("step"),
            groupID: row.optionalString("group_id"),
            roleID: row.optionalString("role_id"),
            messageType: row.optionalString("message_type"),
            payload: try row.string("payload"))
    }

    /// Inserts `events` numbered `firstSeq…`; the caller reserved those
    /// numbers by raising `runs.last_seq` in the same transaction, which also
    /// locks the run row, so concurrent appenders queue up behind each other.
    static func insert(_ c: any SQLConnection, _ events: [NewEvent], runID: String, scope: Scope, firstSeq: Int64, now: Date) throws -> [Event] {
        var stored: [Event] = []
        stored.reserveCapacity(events.count)
        for (index, event) in events.enumerated() {
            stored.append(Event(
                id: event.id ?? Identifier.make(prefix: "evt_", now: now), runID: runID, scope: scope, seq: firstSeq + Int64(index),
                type: event.type, ts: Timestamp.truncated(event.ts ?? now), step: event.step, groupID: event.groupID,
                roleID: event.roleID, messageType: event.messageType, payload: event.payload))
        }
        var start = 0
        while start < stored.count {
            let chunk = stored[start..<min(start + rowsPerInsert, stored.count)]
            var parameters: [SQLValue] = []
            parameters.reserveCapacity(chunk.count * 13)
            var tuples: [String] = []
            tuples.reserveCapacity(chunk.count)
            for event in chunk {
                let base = parameters.count
                tuples.append("(" + (1...13).map { "$\(base + $0)" }.joined(separator: ", ") + ")")
                parameters += [
                    .text(scope.orgID), .text(runID), .integer(event.seq), .text(event.id), .text(scope.userID),
                    .text(scope.projectKey), .text(event.type), .date(event.ts), event.step.map(SQLValue.int) ?? .null,
                    .optional(event.groupID), .optional(event.roleID), .optional(event.messageType), .text(event.payload),
                ]
            }
            try c.execute("INSERT INTO events (\(columns)) VALUES \(tuples.joined(separator: ", "))", parameters)
            start += rowsPerInsert
        }
        return stored
    }

    /// The events an earlier attempt of this very write stored, if it
    /// committed: found by the id the writer gave the first of them among
    /// the run's newest events (another writer may have appended since).
    static func alreadyStored(_ c: any SQLConnection, _ events: [NewEvent], runID: String, scope: Scope) throws -> [Event]? {
        guard let first = events.first?.id else { return nil }
        let newest = try c.query(
            "SELECT \(columns) FROM events WHERE \(RunSQL.scopeClause) AND run_id = $4 ORDER BY seq DESC LIMIT $5",
            RunSQL.scopeParameters(scope) + [.text(runID), .int(events.count + 256)]).reversed().map(decode)
        guard let start = newest.firstIndex(where: { $0.id == first }) else { return nil }
        return Array(newest[start...].prefix(events.count))
    }

    /// `WHERE` clause and parameters for a filtered read of one run's events.
    static func whereClause(runID: String, scope: Scope, filter: EventFilter) -> (String, [SQLValue]) {
        var parameters = RunSQL.scopeParameters(scope) + [.text(runID), .integer(filter.afterSeq)]
        func bind(_ value: SQLValue) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        var clauses = [RunSQL.scopeClause, "run_id = $4", "seq > $5"]
        if let through = filter.throughSeq { clauses.append("seq <= \(bind(.integer(through)))") }
        // Exact names and prefixes: an event matching either is in.
        var alternatives: [String] = []
        if let types = filter.types, !types.isEmpty {
            alternatives.append("type IN (\(types.map { bind(.text($0)) }.joined(separator: ", ")))")
        }
        for prefix in filter.typePrefixes ?? [] {
            // substr, not LIKE: LIKE is case-insensitive on SQLite and `_`/`%` would need escaping.
            alternatives.append("substr(type, 1, \(bind(.int(prefix.unicodeScalars.count)))) = \(bind(.text(prefix)))")
        }
        if filter.types != nil || filter.typePrefixes != nil {
            clauses.append(alternatives.isEmpty ? "1 = 0" : "(\(alternatives.joined(separator: " OR ")))")
        }
        if !filter.excludedTypes.isEmpty {
            clauses.append("type NOT IN (\(filter.excludedTypes.map { bind(.text($0)) }.joined(separator: ", ")))")
        }
        return (clauses.joined(separator: " AND "), parameters)
    }
}
