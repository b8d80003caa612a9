import Foundation

/// The statements on `runs` that several repositories share inside their own
/// transactions (a step commit updates the run, appends events and saves a
/// checkpoint in one). Every tenant statement filters by the full scope.
enum RunSQL {
    static let columns = """
        org_id, id, user_id, project_id, session_key, agent_id, input, status, stop_reason, output, error, \
        agent_config, llm_config, metadata, idempotency_key, parent_run_id, group_id, role_id, last_seq, \
        cancel_requested, lease_owner, lease_expires_at, attempts, input_tokens, output_tokens, cached_tokens, \
        created_at, started_at, ended_at, updated_at, tool_call_count
        """

    /// `org_id = $1 AND user_id = $2 AND project_id = $3`
    static let scopeClause = "org_id = $1 AND user_id = $2 AND project_id = $3"

    static func scopeParameters(_ scope: Scope) -> [SQLValue] {
        [.text(scope.orgID), .text(scope.userID), .text(scope.projectKey)]
    }

    static func decode(_ row: Row) throws -> Run {
        guard let status = RunStatus(rawValue: try row.string("status")) else {
            throw StoreError(.internal, "run has unknown status \(row["status"])")
        }
        return Run(
            id: try row.string("id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            sessionKey: try row.string("session_key"),
            agentID: try row.string("agent_id"),
            input: try row.string("input"),
            status: status,
            stopReason: row.optionalString("stop_reason"),
            output: row.optionalString("output"),
            error: row.optionalString("error"),
            agentConfig: row.optionalString("agent_config"),
            llmConfig: row.optionalString("llm_config"),
            metadata: row.optionalString("metadata"),
            idempotencyKey: row.optionalString("idempotency_key"),
            parentRunID: row.optionalString("parent_run_id"),
            groupID: row.optionalString("group_id"),
            roleID: row.optionalString("role_id"),
            lastSeq: try row.int64("last_seq"),
            cancelRequested: try row.bool("cancel_requested"),
            leaseOwner: row.optionalString("lease_owner"),
            leaseExpiresAt: row.optionalDate("lease_expires_at"),
            attempts: try row.int("attempts"),
            usage: TokenUsage(
                inputTokens: try row.int64("input_tokens"),
                outputTokens: try row.int64("output_tokens"),
                cachedTokens: try row.int64("cached_tokens")),
            createdAt: try row.date("created_at"),
            startedAt: row.optionalDate("started_at"),
            endedAt: row.optionalDate("ended_at"),
            updatedAt: try row.date("updated_at"),
            toolCallCount: try row.int("tool_call_count"))
    }

    static func fetch(_ c: any SQLConnection, id: String, scope: Scope) throws -> Run? {
        try c.queryFirst("SELECT \(columns) FROM runs WHERE \(scopeClause) AND id = $4", scopeParameters(scope) + [.text(id)])
            .map(decode)
    }

    static func exists(_ c: any SQLConnection, id: String, scope: Scope) throws -> Bool {
        try c.queryFirst("SELECT 1 AS found FROM runs WHERE \(scopeClause) AND id = $4", scopeParameters(scope) + [.text(id)]) != nil
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
        var parameters = scopeParameters(scope) + [.text(id), .date(now)]
        func bind(_ value: SQLValue) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        var sets = ["updated_at = $5"]
        if reserveSeq > 0 { sets.append("last_seq = last_seq + \(bind(.int(reserveSeq)))") }
        if toolCalls > 0 { sets.append("tool_call_count = tool_call_count + \(bind(.int(toolCalls)))") }
        var guardClause = ""
        if let status = update.status {
            sets.append("status = \(bind(.text(status.rawValue)))")
            if status == .running { sets.append("started_at = COALESCE(started_at, $5)") }
            if status.isTerminal { sets.append("ended_at = $5") }
            if status != .running { sets.append("lease_owner = NULL"); sets.append("lease_expires_at = NULL") }
            let allowed = status.allowedPredecessors.map { bind(.text($0.rawValue)) }
            guardClause = " AND status IN (\(allowed.joined(separator: ", ")))"
        }
        if let leaseOwner { guardClause += " AND lease_owner = \(bind(.text(leaseOwner)))" }
        if let stopReason = update.stopReason { sets.append("stop_reason = \(bind(.text(stopReason)))") }
        if let output = update.output { sets.append("output = \(bind(.text(output)))") }
        if let error = update.error { sets.append("error = \(bind(.text(error)))") }
        if let usage = update.usage {
            sets.append("input_tokens = input_tokens + \(bind(.integer(usage.inputTokens)))")
            sets.append("output_tokens = output_tokens + \(bind(.integer(usage.outputTokens)))")
            sets.append("cached_tokens = cached_tokens + \(bind(.integer(usage.cachedTokens)))")
        }
        let notification = notify && c.dialect == .postgres ? ", pg_notify('\(EventRepository.notifyChannel)', id || ':' || last_seq) AS notified" : ""
        let sql = "UPDATE runs SET \(sets.joined(separator: ", ")) WHERE \(scopeClause) AND id = $4\(guardClause) RETURNING \(columns)\(notification)"
        if let row = try c.queryFirst(sql, parameters) { return try decode(row) }
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
