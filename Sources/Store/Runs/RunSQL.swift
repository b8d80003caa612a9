import Foundation

/// The statements on `runs` that several repositories share inside their own
/// transactions (a step commit updates the run, appends events and saves a
/// checkpoint in one). Every tenant statement filters by the full scope
/// (`SQL.inScope`).
enum RunSQL {
    static func fetch(_ c: any SQLConnection, id: String, scope: Scope) throws -> Run? {
        try c.queryFirst("SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(scope)) AND id = \(.text(id))", as: Run.self)
    }

    static func exists(_ c: any SQLConnection, id: String, scope: Scope) throws -> Bool {
        try c.queryFirst("SELECT 1 AS found FROM runs WHERE \(.inScope(scope)) AND id = \(.text(id))") != nil
    }

    /// Throws `.notFound` unless the run exists in `scope`: inserts into child
    /// tables must not attach rows to another tenant's run (the foreign key
    /// only checks the org).
    static func requireExists(_ c: any SQLConnection, id: String, scope: Scope) throws {
        guard try exists(c, id: id, scope: scope) else {
            throw StoreError(.notFound, "run \(id) not found", field: "run_id")
        }
    }

    static func validate(_ update: RunUpdate) throws {
        try TextRules.optionalKey(update.stopReason, field: "stop_reason")
        try TextRules.optionalJSONText(update.output, field: "output")
        try TextRules.optionalJSONText(update.error, field: "error")
        try TextRules.optionalKey(update.usage?.model, field: "model")
    }

    /// Applies `update` (and reserves `reserveSeq` event numbers) in one
    /// statement; nil when the run is not in `scope`; `.invalidState` when
    /// the status change is not allowed from the run's current status. With
    /// `notify` on PostgreSQL, the same statement queues the `oi_events`
    /// NOTIFY (sent only if the transaction commits).
    /// With `leaseOwner`, the change is made only while that worker holds
    /// the run's lease (a fence against a worker that lost it); otherwise
    /// `.leaseLost` is thrown and nothing changes.
    static func update(_ c: any SQLConnection, id: String, scope: Scope, _ update: RunUpdate,
                       reserveSeq: Int = 0, toolCalls: Int = 0, notify: Bool = false, leaseOwner: String? = nil, now: Date) throws -> Run? {
        var sets: [SQL] = ["updated_at = \(.date(now))"]
        if reserveSeq > 0 { sets.append("last_seq = last_seq + \(.int(reserveSeq))") }
        if toolCalls > 0 { sets.append("tool_call_count = tool_call_count + \(.int(toolCalls))") }
        var guardClause = SQL()
        if let status = update.status {
            sets.append("status = \(.text(status.rawValue))")
            if status == .running { sets.append("started_at = COALESCE(started_at, \(.date(now)))") }
            if status.isTerminal { sets.append("ended_at = \(.date(now))") }
            if status != .running { sets.append("lease_owner = NULL"); sets.append("lease_expires_at = NULL") }
            guardClause += " AND status IN (\(list: status.allowedPredecessors.map { SQLValue.text($0.rawValue) }))"
        }
        if let leaseOwner { guardClause += " AND lease_owner = \(.text(leaseOwner))" }
        if let stopReason = update.stopReason { sets.append("stop_reason = \(.text(stopReason))") }
        if let output = update.output { sets.append("output = \(.text(output))") }
        if let error = update.error { sets.append("error = \(.text(error))") }
        if let usage = update.usage {
            sets.append("input_tokens = input_tokens + \(.integer(usage.inputTokens))")
            sets.append("output_tokens = output_tokens + \(.integer(usage.outputTokens))")
            sets.append("cached_tokens = cached_tokens + \(.integer(usage.cachedTokens))")
            if usage.costNanos != 0 { sets.append("cost_nanos = cost_nanos + \(.integer(usage.costNanos))") }
            if usage.estimated { sets.append("usage_estimated = TRUE") }
            if let model = usage.model { sets.append("model = COALESCE(model, \(.text(model)))") }
        }
        let notification = notify && c.dialect == .postgres ? ", pg_notify('\(EventRepository.notifyChannel)', id || ':' || last_seq) AS notified" : ""
        let sql: SQL = """
            UPDATE runs SET \(sets.joined(separator: ", ")) WHERE \(.inScope(scope)) AND id = \(.text(id))\(guardClause) \
            RETURNING \(raw: Run.columns)\(raw: notification)
            """
        if let run = try c.queryFirst(sql, as: Run.self) { return run }
        guard let current = try fetch(c, id: id, scope: scope) else { return nil }
        if let leaseOwner, current.leaseOwner != leaseOwner { throw leaseLost(current, owner: leaseOwner) }
        let target = update.status?.rawValue ?? "?"
        throw StoreError(.invalidState, "run \(id) is \(current.status.rawValue); it cannot become \(target)", field: "status")
    }

    static func leaseLost(_ run: Run, owner: String) -> StoreError {
        let holder = run.leaseOwner.map { "is held by \($0)" } ?? "is \(run.status.rawValue) and unleased"
        return StoreError(.leaseLost, "run \(run.id) \(holder), not \(owner)", field: "run_id")
    }
}
