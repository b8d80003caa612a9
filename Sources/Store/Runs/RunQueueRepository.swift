import Foundation

/// The durable queue, across all tenants: this is the system API (its
/// transactions run with `Access.system`, which PostgreSQL's row-level
/// security admits explicitly). Claims are FIFO by `created_at`, never start a
/// run whose session already has one running or waiting, and never overtake
/// an older pending run of the same session. On PostgreSQL the claim uses
/// `FOR UPDATE SKIP LOCKED`, so many workers share one queue.
public struct RunQueueRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Claims the next runnable pending run for `owner`: status running,
    /// lease until `now + leaseDuration`, `started_at` set, attempts + 1.
    /// A group run's members are never claimed here: their group run starts
    /// them itself (`claim(_:in:…)`); delegated runs (session key
    /// `child:<parent_run_id>:<n>`) are claimed like top-level runs.
    /// With `only`, no other run is claimed than it and its delegated runs
    /// (`oi-host run` executes its own run tree only).
    public func claimNext(owner: String, leaseDuration: Duration, only: String? = nil, now: Date = Date()) async throws -> Run? {
        try TextRules.key(owner, field: "owner")
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        let lock = database.dialect == .postgres ? "FOR UPDATE OF r SKIP LOCKED" : ""
        return try await database.transaction(.system, .write) { c in
            guard let next = try c.queryFirst(
                """
                SELECT r.org_id AS claim_org, r.id AS claim_id FROM runs r
                WHERE r.status = 'pending' \(only.map { "AND (r.id = \(.text($0)) OR r.root_run_id = \(.text($0)))" } ?? SQL())
                  AND (r.parent_run_id IS NULL OR r.session_key LIKE 'child:%')
                  AND NOT EXISTS (
                    SELECT 1 FROM runs b
                    WHERE b.org_id = r.org_id AND b.user_id = r.user_id AND b.project_id = r.project_id
                      AND b.session_key = r.session_key
                      AND (b.status IN ('running', 'waiting_approval', 'waiting_children')
                           OR (b.status = 'pending' AND (b.created_at < r.created_at OR (b.created_at = r.created_at AND b.id < r.id)))))
                ORDER BY r.created_at, r.id
                LIMIT 1
                \(raw: lock)
                """)
            else { return nil }
            return try c.queryFirst(
                """
                UPDATE runs SET status = 'running', lease_owner = \(.text(owner)), lease_expires_at = \(.date(expires)),
                    started_at = COALESCE(started_at, \(.date(now))), attempts = attempts + 1, updated_at = \(.date(now))
                WHERE org_id = \(.text(try next.string("claim_org"))) AND id = \(.text(try next.string("claim_id"))) AND status = 'pending'
                RETURNING \(raw: Run.columns)
                """, as: Run.self)
        }
    }

    /// Takes over up to `limit` running runs whose lease expired before `now`
    /// (their worker died), for `owner` to resume from their last checkpoint.
    public func claimExpired(owner: String, leaseDuration: Duration, limit: Int = 10, only: String? = nil, now: Date = Date()) async throws -> [Run] {
        try TextRules.key(owner, field: "owner")
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        let lock = database.dialect == .postgres ? "FOR UPDATE OF r SKIP LOCKED" : ""
        return try await database.transaction(.system, .write) { c in
            let expired = try c.query(
                """
                SELECT org_id AS claim_org, id AS claim_id FROM runs r
                WHERE status = 'running' AND lease_expires_at < \(.date(now)) AND NOT \(raw: RunQueueRepository.memberOfActiveParent)
                  \(only.map { "AND id = \(.text($0))" } ?? SQL())
                ORDER BY lease_expires_at, id LIMIT \(.int(max(1, limit))) \(raw: lock)
                """)
            return try expired.compactMap { row in
                try c.queryFirst(
                    """
                    UPDATE runs SET lease_owner = \(.text(owner)), lease_expires_at = \(.date(expires)), attempts = attempts + 1,
                        updated_at = \(.date(now))
                    WHERE org_id = \(.text(try row.string("claim_org"))) AND id = \(.text(try row.string("claim_id")))
                      AND status = 'running' AND lease_expires_at < \(.date(now))
                    RETURNING \(raw: Run.columns)
                    """, as: Run.self)
            }
        }
    }

    /// Extends the lease if `owner` still holds it; nil when it does not (the
    /// run finished, was taken over, or is not in `scope`). Reports whether a
    /// cancel was requested, so a heartbeat doubles as the cancel check.
    public func heartbeat(_ runID: String, in scope: Scope, owner: String, leaseDuration: Duration, now: Date = Date()) async throws -> Lease? {
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await database.transaction(.tenant(scope), .write) { c in
            try c.queryFirst(
                """
                UPDATE runs SET lease_expires_at = \(.date(expires)), updated_at = \(.date(now))
                WHERE \(.inScope(scope)) AND id = \(.text(runID)) AND lease_owner = \(.text(owner)) AND status = 'running'
                RETURNING \(raw: Lease.columns)
                """, as: Lease.self)
        }
    }

    /// Gives a running run back to the queue (graceful shutdown): pending,
    /// no lease. False when `owner` no longer holds it.
    public func release(_ runID: String, in scope: Scope, owner: String, now: Date = Date()) async throws -> Bool {
        try await database.transaction(.tenant(scope), .write) { c in
            try c.execute(
                """
                UPDATE runs SET status = 'pending', lease_owner = NULL, lease_expires_at = NULL, updated_at = \(.date(now))
                WHERE \(.inScope(scope)) AND id = \(.text(runID)) AND lease_owner = \(.text(owner)) AND status = 'running'
                """) == 1
        }
    }

    /// A group member whose group run is still active: its parent takes it
    /// over itself (`claim(_:in:…)`), so the generic takeovers leave it, and
    /// a restarted worker spends its slots on parents first. Expects the
    /// candidate run aliased `r`.
    static let memberOfActiveParent = """
        (r.parent_run_id IS NOT NULL AND r.session_key NOT LIKE 'child:%' AND EXISTS (
            SELECT 1 FROM runs p WHERE p.org_id = r.org_id AND p.id = r.parent_run_id
              AND p.status IN ('pending', 'running', 'waiting_approval')))
        """

    /// Pending runs of all tenants (for health reporting).
    public func pendingCount() async throws -> Int {
        try await database.transaction(.system, .read) { c in
            try c.queryFirst("SELECT COUNT(*) AS pending FROM runs WHERE status = 'pending'")?.int("pending") ?? 0
        }
    }
}

/// A worker's hold on a running run.
public struct Lease: Sendable, Hashable {
    public var expiresAt: Date
    public var cancelRequested: Bool
}

extension Lease: RowDecodable {
    static let columns = "lease_expires_at, cancel_requested"

    public init(row: Row) throws {
        self.init(expiresAt: try row.date("lease_expires_at"), cancelRequested: try row.bool("cancel_requested"))
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
