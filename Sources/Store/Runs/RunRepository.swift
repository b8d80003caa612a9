import Foundation

/// Runs of one tenant: create (idempotent), read, list, guarded status
/// changes, cancellation. Every method takes the scope first, and a run of
/// another scope reads as not found (nil), never as an error.
public struct RunRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Creates a pending run. With an idempotency key already used in this
    /// scope, returns the first run and `existing: true` instead.
    public func create(_ new: NewRun, in scope: Scope, now: Date = Date()) async throws -> RunCreation {
        try TextRules.key(new.sessionKey, field: "session_key")
        try TextRules.key(new.agentID, field: "agent_id")
        try TextRules.optionalJSONText(new.agentConfig, field: "agent_config")
        try TextRules.optionalJSONText(new.llmConfig, field: "llm_config")
        try TextRules.optionalJSONText(new.metadata, field: "metadata")
        try TextRules.optionalKey(new.idempotencyKey, field: "idempotency_key")
        try TextRules.optionalKey(new.parentRunID, field: "parent_run_id")
        try TextRules.optionalKey(new.groupID, field: "group_id")
        try TextRules.optionalKey(new.roleID, field: "role_id")
        let id = Identifier.make(prefix: "run_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            var root: String?
            if let parent = new.parentRunID {
                guard let above = try RunSQL.fetch(c, id: parent, scope: scope) else {
                    throw StoreError(.notFound, "parent run \(parent) not found", field: "parent_run_id")
                }
                root = above.rootRunID ?? above.id
            }
            let inserted = try c.queryFirst(
                """
                INSERT INTO runs (org_id, user_id, project_id, id, session_key, agent_id, input, status,
                    agent_config, llm_config, metadata, idempotency_key, parent_run_id, root_run_id, group_id, role_id,
                    created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(id)),
                    \(.text(new.sessionKey)), \(.text(new.agentID)), \(.text(new.input)), 'pending',
                    \(.optional(new.agentConfig)), \(.optional(new.llmConfig)), \(.optional(new.metadata)), \(.optional(new.idempotencyKey)),
                    \(.optional(new.parentRunID)), \(.optional(root)), \(.optional(new.groupID)), \(.optional(new.roleID)),
                    \(.date(now)), \(.date(now)))
                ON CONFLICT (org_id, user_id, project_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
                RETURNING \(raw: Run.columns)
                """, as: Run.self)
            if let inserted { return RunCreation(run: inserted, existing: false) }
            guard let key = new.idempotencyKey,
                  let first = try c.queryFirst(
                    "SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(scope)) AND idempotency_key = \(.text(key))", as: Run.self)
            else { throw StoreError(.internal, "run insert returned no row") }
            return RunCreation(run: first, existing: true)
        }
    }

    public func get(_ id: String, in scope: Scope) async throws -> Run? {
        try await database.transaction(.tenant(scope), .read) { c in try RunSQL.fetch(c, id: id, scope: scope) }
    }

    /// Newest first, by `(created_at, id)`; pass the previous page's
    /// `nextCursor` to continue. `limit` is clamped to 1...1000.
    public func list(in scope: Scope, filter: RunFilter = RunFilter(), limit: Int = 50, after cursor: RunCursor? = nil) async throws -> RunPage {
        let limit = min(max(limit, 1), 1000)
        var clauses: [SQL] = [.inScope(scope)]
        if let statuses = filter.statuses {
            guard !statuses.isEmpty else { return RunPage(runs: [], nextCursor: nil) }
            clauses.append("status IN (\(list: statuses.map { SQLValue.text($0.rawValue) }))")
        }
        if let session = filter.sessionKey { clauses.append("session_key = \(.text(session))") }
        if let group = filter.groupID { clauses.append("group_id = \(.text(group))") }
        if let parent = filter.parentRunID { clauses.append("parent_run_id = \(.text(parent))") }
        if let root = filter.rootRunID { clauses.append("root_run_id = \(.text(root))") }
        if let from = filter.createdFrom { clauses.append("created_at >= \(.date(from))") }
        if let before = filter.createdBefore { clauses.append("created_at < \(.date(before))") }
        if let from = filter.updatedFrom { clauses.append("updated_at >= \(.date(from))") }
        if let cursor {
            let at = SQLValue.date(cursor.createdAt)
            clauses.append("(created_at < \(at) OR (created_at = \(at) AND id < \(.text(cursor.id))))")
        }
        let sql: SQL = """
            SELECT \(raw: Run.columns) FROM runs WHERE \(clauses.joined(separator: " AND "))
            ORDER BY created_at DESC, id DESC LIMIT \(.int(limit + 1))
            """
        let runs = try await database.transaction(.tenant(scope), .read) { c in
            try c.query(sql, as: Run.self)
        }
        guard runs.count > limit else { return RunPage(runs: runs, nextCursor: nil) }
        let page = Array(runs.prefix(limit))
        return RunPage(runs: page, nextCursor: page.last.map { RunCursor(createdAt: $0.createdAt, id: $0.id) })
    }

    /// A session's runs, newest first, by page number (from 1) with the total.
    public func listSession(_ sessionKey: String, in scope: Scope, page: Int = 1, limit: Int = 20) async throws -> SessionRunsPage {
        let page = max(page, 1)
        let limit = min(max(limit, 1), 1000)
        let session: SQL = "\(.inScope(scope)) AND session_key = \(.text(sessionKey))"
        return try await database.transaction(.tenant(scope), .read) { c in
            let total = try c.queryFirst("SELECT COUNT(*) AS total FROM runs WHERE \(session)")
            let runs = try c.query(
                """
                SELECT \(raw: Run.columns) FROM runs WHERE \(session)
                ORDER BY created_at DESC, id DESC LIMIT \(.int(limit)) OFFSET \(.int((page - 1) * limit))
                """, as: Run.self)
            return SessionRunsPage(runs: runs, total: try total?.int("total") ?? 0, page: page, limit: limit)
        }
    }

    /// Child runs of `parentID` (delegation), oldest first.
    public func children(of parentID: String, in scope: Scope) async throws -> [Run] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                "SELECT \(raw: Run.columns) FROM runs WHERE \(.inScope(scope)) AND parent_run_id = \(.text(parentID)) ORDER BY created_at, id",
                as: Run.self)
        }
    }

    /// Applies `update`; nil when the run is not in `scope`. A status change
    /// not allowed from the current status throws `.invalidState`.
    public func update(_ id: String, in scope: Scope, _ update: RunUpdate, now: Date = Date()) async throws -> Run? {
        try RunSQL.validate(update)
        return try await database.transaction(.tenant(scope), .write) { c in
            try RunSQL.update(c, id: id, scope: scope, update, now: now)
        }
    }

    /// Cancels a pending or waiting run at once (`stop_reason` "cancelled");
    /// flags a running one so its worker stops at the next step. A finished
    /// run throws `.invalidState`; another scope's run returns nil.
    public func requestCancel(_ id: String, in scope: Scope, now: Date = Date()) async throws -> CancelOutcome? {
        try await database.transaction(.tenant(scope), .write) { c in
            guard let run = try RunSQL.fetch(c, id: id, scope: scope) else { return nil }
            switch run.status {
            case .pending, .waitingApproval, .waitingChildren:
                guard let cancelled = try RunSQL.update(c, id: id, scope: scope, RunUpdate(status: .cancelled, stopReason: "cancelled"), now: now)
                else { return nil }
                return CancelOutcome(run: cancelled, cancelledNow: true)
            case .running:
                guard let flagged = try c.queryFirst(
                    """
                    UPDATE runs SET cancel_requested = TRUE, updated_at = \(.date(now)) WHERE \(.inScope(scope)) AND id = \(.text(id))
                    RETURNING \(raw: Run.columns)
                    """, as: Run.self)
                else { return nil }
                return CancelOutcome(run: flagged, cancelledNow: false)
            case .completed, .failed, .cancelled:
                throw StoreError(.invalidState, "run \(id) already finished (\(run.status.rawValue))", field: "status")
            }
        }
    }
}
