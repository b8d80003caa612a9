import Foundation

/// Event statements shared by `EventRepository` and the step commit.
enum EventSQL {
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
            let rows: [SQL] = chunk.map { event in
                """
                (\(.text(scope.orgID)), \(.text(runID)), \(.integer(event.seq)), \(.text(event.id)), \(.text(scope.userID)), \
                \(.text(scope.projectKey)), \(.text(event.type)), \(.date(event.ts)), \(event.step.map(SQLValue.int) ?? .null), \
                \(.optional(event.groupID)), \(.optional(event.roleID)), \(.optional(event.messageType)), \(.text(event.payload)))
                """
            }
            try c.execute("INSERT INTO events (\(raw: Event.columns)) VALUES \(rows.joined(separator: ", "))")
            start += rowsPerInsert
        }
        return stored
    }

    /// The events an earlier attempt of this very write stored, if it
    /// committed: found by the id the writer gave the first of them among
    /// the run's newest events (another writer may have appended since).
    static func alreadyStored(_ c: any SQLConnection, _ events: [NewEvent], runID: String, scope: Scope) throws -> [Event]? {
        guard let first = events.first?.id else { return nil }
        let newest = Array(try c.query(
            """
            SELECT \(raw: Event.columns) FROM events WHERE \(.inScope(scope)) AND run_id = \(.text(runID))
            ORDER BY seq DESC LIMIT \(.int(events.count + 256))
            """, as: Event.self).reversed())
        guard let start = newest.firstIndex(where: { $0.id == first }) else { return nil }
        return Array(newest[start...].prefix(events.count))
    }

    /// The `WHERE` clause of a filtered read of one run's events.
    static func whereClause(runID: String, scope: Scope, filter: EventFilter) -> SQL {
        var clauses: [SQL] = [.inScope(scope), "run_id = \(.text(runID))", "seq > \(.integer(filter.afterSeq))"]
        if let through = filter.throughSeq { clauses.append("seq <= \(.integer(through))") }
        // Exact names and prefixes: an event matching either is in.
        var alternatives: [SQL] = []
        if let types = filter.types, !types.isEmpty {
            alternatives.append("type IN (\(list: types.map(SQLValue.text)))")
        }
        for prefix in filter.typePrefixes ?? [] {
            // substr, not LIKE: LIKE is case-insensitive on SQLite and `_`/`%` would need escaping.
            alternatives.append("substr(type, 1, \(.int(prefix.unicodeScalars.count))) = \(.text(prefix))")
        }
        if filter.types != nil || filter.typePrefixes != nil {
            clauses.append(alternatives.isEmpty ? "1 = 0" : "(\(alternatives.joined(separator: " OR ")))")
        }
        if !filter.excludedTypes.isEmpty {
            clauses.append("type NOT IN (\(list: filter.excludedTypes.map(SQLValue.text)))")
        }
        return clauses.joined(separator: " AND ")
    }
}
