import Foundation

/// Durable approvals of tool calls, one per (run, call id). Deciding
/// `allow_always` also records a tool grant, in the same transaction.
public struct ApprovalRepository: Sendable {
    let database: any SQLDatabase

    static let columns = "org_id, id, user_id, project_id, run_id, call_id, tool_name, args, status, decision, reason, created_at, decided_at"

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Records a pending approval; `.notFound` for a run outside `scope`,
    /// `.conflict` when the call already has one.
    public func create(_ new: NewApproval, for runID: String, in scope: Scope, now: Date = Date()) async throws -> Approval {
        try TextRules.key(new.callID, field: "call_id")
        try TextRules.key(new.toolName, field: "tool_name")
        try TextRules.jsonText(new.args, field: "args")
        let id = Identifier.make(prefix: "apr_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            try RunSQL.requireExists(c, id: runID, scope: scope)
            guard let row = try c.queryFirst(
                """
                INSERT INTO approvals (org_id, user_id, project_id, id, run_id, call_id, tool_name, args, status, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)
                RETURNING \(Self.columns)
                """,
                RunSQL.scopeParameters(scope) + [.text(id), .text(runID), .text(new.callID), .text(new.toolName), .text(new.args), .date(now)])
            else { throw StoreError(.internal, "approval insert returned no row") }
            return try Self.decode(row)
        }
    }

    public func get(runID: String, callID: String, in scope: Scope) async throws -> Approval? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst(
                "SELECT \(Self.columns) FROM approvals WHERE \(RunSQL.scopeClause) AND run_id = $4 AND call_id = $5",
                RunSQL.scopeParameters(scope) + [.text(runID), .text(callID)]
            ).map(Self.decode)
        }
    }

    /// Approvals in `scope`, oldest first, optionally of one run and/or status.
    public func list(in scope: Scope, runID: String? = nil, status: ApprovalStatus? = nil) async throws -> [Approval] {
        var parameters = RunSQL.scopeParameters(scope)
        var clauses = [RunSQL.scopeClause]
        if let runID { parameters.append(.text(runID)); clauses.append("run_id = $\(parameters.count)") }
        if let status { parameters.append(.text(status.rawValue)); clauses.append("status = $\(parameters.count)") }
        let sql = "SELECT \(Self.columns) FROM approvals WHERE \(clauses.joined(separator: " AND ")) ORDER BY created_at, id"
        let finalParameters = parameters
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.query(sql, finalParameters).map(Self.decode)
        }
    }

    /// Decides a pending approval; nil when it does not exist in `scope`,
    /// `.invalidState` when it was already decided.
    public func decide(runID: String, callID: String, _ decision: ApprovalDecision, reason: String? = nil,
                       in scope: Scope, now: Date = Date()) async throws -> Approval? {
        return try await database.transaction(.tenant(scope), .write) { c in
            try Self.decide(c, runID: runID, callID: callID, decision, reason: reason, scope: scope, now: now)
        }
    }

    /// The decision itself, inside a caller's transaction: marks the pending
    /// approval, stores an `allow_always` grant; nil when it does not exist,
    /// `.invalidState` when it was decided already.
    static func decide(_ c: any SQLConnection, runID: String, callID: String, _ decision: ApprovalDecision, reason: String?,
                       scope: Scope, now: Date) throws -> Approval? {
        let row = try c.queryFirst(
            """
            UPDATE approvals SET status = $6, decision = $7, reason = $8, decided_at = $9
            WHERE \(RunSQL.scopeClause) AND run_id = $4 AND call_id = $5 AND status = 'pending'
            RETURNING \(Self.columns)
            """,
            RunSQL.scopeParameters(scope) + [
                .text(runID), .text(callID), .text(decision.resultingStatus.rawValue), .text(decision.rawValue),
                .optional(reason), .date(now),
            ])
        guard let row else {
            guard let existing = try c.queryFirst(
                "SELECT status FROM approvals WHERE \(RunSQL.scopeClause) AND run_id = $4 AND call_id = $5",
                RunSQL.scopeParameters(scope) + [.text(runID), .text(callID)])
            else { return nil }
            throw StoreError(.invalidState, "approval for call \(callID) was already decided (\(try existing.string("status")))", field: "call_id")
        }
        let approval = try Self.decode(row)
        if decision == .allowAlways {
            try ToolGrantRepository.insert(c, toolName: approval.toolName, scope: scope, now: now)
        }
        return approval
    }

    static func decode(_ row: Row) throws -> Approval {
        guard let status = ApprovalStatus(rawValue: try row.string("status")) else {
            throw StoreError(.internal, "approval has unknown status \(row["status"])")
        }
        return Approval(
            id: try row.string("id"),
            runID: try row.string("run_id"),
            scope: Scope(trusted: try row.string("org_id"), userID: try row.string("user_id"), projectKey: try row.string("project_id")),
            callID: try row.string("call_id"),
            toolName: try row.string("tool_name"),
            args: try row.string("args"),
            status: status,
            decision: row.optionalString("decision").flatMap(ApprovalDecision.init(rawValue:)),
            reason: row.optionalString("reason"),
            createdAt: try row.date("created_at"),
            decidedAt: row.optionalDate("decided_at"))
    }
}
