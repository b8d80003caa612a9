import Foundation

/// Durable approvals of tool calls, one per (run, call id). Deciding
/// `allow_always` also records a tool grant, in the same transaction.
public struct ApprovalRepository: Sendable {
    let database: any SQLDatabase

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
            guard let approval = try c.queryFirst(
                """
                INSERT INTO approvals (org_id, user_id, project_id, id, run_id, call_id, tool_name, args, status, created_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(runID)),
                    \(.text(new.callID)), \(.text(new.toolName)), \(.text(new.args)), 'pending', \(.date(now)))
                RETURNING \(raw: Approval.columns)
                """, as: Approval.self)
            else { throw StoreError(.internal, "approval insert returned no row") }
            return approval
        }
    }

    public func get(runID: String, callID: String, in scope: Scope) async throws -> Approval? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst(
                "SELECT \(raw: Approval.columns) FROM approvals WHERE \(Self.call(runID, callID, in: scope))", as: Approval.self)
        }
    }

    /// Approvals in `scope`, oldest first, optionally of one run and/or status.
    public func list(in scope: Scope, runID: String? = nil, status: ApprovalStatus? = nil) async throws -> [Approval] {
        var clauses: [SQL] = [.inScope(scope)]
        if let runID { clauses.append("run_id = \(.text(runID))") }
        if let status { clauses.append("status = \(.text(status.rawValue))") }
        let sql: SQL = "SELECT \(raw: Approval.columns) FROM approvals WHERE \(clauses.joined(separator: " AND ")) ORDER BY created_at, id"
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.query(sql, as: Approval.self)
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
        let decided = try c.queryFirst(
            """
            UPDATE approvals SET status = \(.text(decision.resultingStatus.rawValue)), decision = \(.text(decision.rawValue)),
                reason = \(.optional(reason)), decided_at = \(.date(now))
            WHERE \(call(runID, callID, in: scope)) AND status = 'pending'
            RETURNING \(raw: Approval.columns)
            """, as: Approval.self)
        guard let approval = decided else {
            guard let existing = try c.queryFirst("SELECT status FROM approvals WHERE \(call(runID, callID, in: scope))") else { return nil }
            throw StoreError(.invalidState, "approval for call \(callID) was already decided (\(try existing.string("status")))", field: "call_id")
        }
        if decision == .allowAlways {
            try ToolGrantRepository.insert(c, toolName: approval.toolName, scope: scope, now: now)
        }
        return approval
    }

    /// The approval of one tool call of a run in `scope`.
    static func call(_ runID: String, _ callID: String, in scope: Scope) -> SQL {
        "\(.inScope(scope)) AND run_id = \(.text(runID)) AND call_id = \(.text(callID))"
    }
}
