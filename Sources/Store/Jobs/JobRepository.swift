import Foundation

/// Jobs of an (org, project), and the runner's claims across all of them.
/// Every tenant query filters on org and project; another tenant's job reads
/// as not found. Writes by the runner are guarded by its lease, so a process
/// that lost a job can no longer change it.
public struct JobRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func create(_ new: NewJob, in scope: Scope, now: Date = Date()) async throws -> Job {
        try TextRules.json(new.spec, field: "spec")
        let id = new.id ?? Identifier.make(prefix: "job_", now: now)
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let job = try c.queryFirst(
                """
                INSERT INTO jobs (org_id, id, user_id, project_id, kind, connector_id, trigger, spec, created_at, updated_at)
                VALUES (\(.text(scope.orgID)), \(.text(id)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(new.kind)),
                    \(.optional(new.connectorID)), \(.text(new.trigger)), \(.text(new.spec)), \(.date(now)), \(.date(now)))
                RETURNING \(raw: Job.columns)
                """, as: Job.self)
            else { throw StoreError(.internal, "job insert returned no row") }
            return job
        }
    }

    public func get(_ id: String, in scope: Scope) async throws -> Job? {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.queryFirst("SELECT \(raw: Job.columns) FROM jobs WHERE \(.inProject(scope)) AND id = \(.text(id))", as: Job.self)
        }
    }

    /// Newest first; `kind` and `connectorID` narrow it.
    public func list(in scope: Scope, kind: String? = nil, connectorID: String? = nil, state: String? = nil, limit: Int = 20) async throws -> [Job] {
        var filter: SQL = .inProject(scope)
        if let kind { filter = "\(filter) AND kind = \(.text(kind))" }
        if let connectorID { filter = "\(filter) AND connector_id = \(.text(connectorID))" }
        if let state { filter = "\(filter) AND state = \(.text(state))" }
        let clause = filter
        return try await database.transaction(.tenant(scope), .read) { c in
            try c.query("SELECT \(raw: Job.columns) FROM jobs WHERE \(clause) ORDER BY created_at DESC, id DESC LIMIT \(.int(max(1, limit)))",
                        as: Job.self)
        }
    }

    /// A pending job is cancelled at once (with its `job.cancelled` event); a
    /// running one is asked to stop (its runner ends it). nil when not in
    /// `scope`; `.invalidState` when it has finished.
    public func requestCancel(_ id: String, in scope: Scope, eventPayload: String, now: Date = Date()) async throws -> Job? {
        try await database.transaction(.tenant(scope), .write) { c in
            guard let job = try c.queryFirst("SELECT \(raw: Job.columns) FROM jobs WHERE \(.inProject(scope)) AND id = \(.text(id))", as: Job.self)
            else { return nil }
            switch job.state {
            case "pending":
                _ = try c.execute(
                    """
                    UPDATE jobs SET state = 'cancelled', cancel_requested = 1, finished_at = \(.date(now)), updated_at = \(.date(now)),
                        error_message = 'cancelled'
                    WHERE \(.inProject(scope)) AND id = \(.text(id))
                    """)
                try Self.append(jobID: id, type: "job.cancelled", payload: eventPayload, scope: scope, now: now, c)
            case "running":
                _ = try c.execute("UPDATE jobs SET cancel_requested = 1, updated_at = \(.date(now)) WHERE \(.inProject(scope)) AND id = \(.text(id))")
            default:
                throw StoreError(.invalidState, "job \(id) has already finished (\(job.state))")
            }
            return try c.queryFirst("SELECT \(raw: Job.columns) FROM jobs WHERE \(.inProject(scope)) AND id = \(.text(id))", as: Job.self)
        }
    }

    /// Takes one job to execute: the oldest pending one, else a running one
    /// whose lease expired or whose owner `isDead` says is gone. Sets the
    /// lease, `started_at` (once) and attempts + 1.
    public func claim(owner: String, lease: Duration, kinds: [String], now: Date = Date(),
                      isDead: @escaping @Sendable (String) -> Bool = { _ in false }) async throws -> Job? {
        guard !kinds.isEmpty else { return nil }
        let expires = now.addingTimeInterval(lease.timeInterval)
        let kindList = SQL.list(kinds.map { SQLValue.text($0) })
        return try await database.transaction(.system, .write) { c in
            let candidates = try c.query(
                """
                SELECT \(raw: Job.columns) FROM jobs
                WHERE kind IN (\(kindList)) AND (state = 'pending' OR (state = 'running' AND (lease_owner IS NULL OR lease_owner <> \(.text(owner)))))
                ORDER BY created_at, id LIMIT 50
                """, as: Job.self)
            for job in candidates {
                let free = job.state == "pending" || job.leaseOwner == nil || (job.leaseUntil.map { $0 < now } ?? true)
                    || isDead(job.leaseOwner ?? "")
                guard free else { continue }
                let claimed = try c.queryFirst(
                    """
                    UPDATE jobs SET state = 'running', lease_owner = \(.text(owner)), lease_until = \(.date(expires)),
                        attempts = attempts + 1, started_at = COALESCE(started_at, \(.date(now))), updated_at = \(.date(now))
                    WHERE org_id = \(.text(job.orgID)) AND id = \(.text(job.id)) AND state = \(.text(job.state))
                      AND lease_owner IS NOT DISTINCT FROM \(.optional(job.leaseOwner))
                    RETURNING \(raw: Job.columns)
                    """, as: Job.self)
                if let claimed { return claimed }
            }
            return nil
        }
    }

    /// Whether `claim` could find anything: one cheap read, so an idle
    /// runner never opens a write transaction just to look.
    public func hasClaimable(owner: String, kinds: [String]) async throws -> Bool {
        guard !kinds.isEmpty else { return false }
        let kindList = SQL.list(kinds.map { SQLValue.text($0) })
        return try await database.transaction(.system, .read) { c in
            try c.queryFirst(
                """
                SELECT 1 AS found FROM jobs
                WHERE kind IN (\(kindList)) AND (state = 'pending' OR (state = 'running' AND (lease_owner IS NULL OR lease_owner <> \(.text(owner)))))
                LIMIT 1
                """) != nil
        }
    }

    /// Extends the lease while `owner` holds it; nil when it lost the job.
    public func heartbeat(_ job: Job, owner: String, lease: Duration, now: Date = Date()) async throws -> Job? {
        let expires = now.addingTimeInterval(lease.timeInterval)
        return try await database.transaction(.tenant(job.scope), .write) { c in
            try c.queryFirst(
                """
                UPDATE jobs SET lease_until = \(.date(expires)), updated_at = \(.date(now))
                WHERE \(.inProject(job.scope)) AND id = \(.text(job.id)) AND state = 'running' AND lease_owner = \(.text(owner))
                RETURNING \(raw: Job.columns)
                """, as: Job.self)
        }
    }

    /// Stores progress and appends one event, in one transaction, while
    /// `owner` holds the lease; false when it lost the job.
    public func record(_ job: Job, owner: String, progress: JobProgress, event: (type: String, payload: String)?,
                       now: Date = Date()) async throws -> Bool {
        try await database.transaction(.tenant(job.scope), .write) { c in
            let changed = try c.execute(
                """
                UPDATE jobs SET items_total = \(.int(progress.itemsTotal)), items_done = \(.int(progress.itemsDone)),
                    errors = \(.text(progress.errors)), checkpoint = \(.text(progress.checkpoint)), stats = \(.text(progress.stats)),
                    updated_at = \(.date(now))
                WHERE \(.inProject(job.scope)) AND id = \(.text(job.id)) AND state = 'running' AND lease_owner = \(.text(owner))
                """)
            guard changed == 1 else { return false }
            if let event { try Self.append(jobID: job.id, type: event.type, payload: event.payload, scope: job.scope, now: now, c) }
            return true
        }
    }

    /// Ends the job (`completed`, `failed` or `cancelled`) with its last
    /// progress and its terminal event, once: false when `owner` no longer
    /// holds it.
    public func finish(_ job: Job, owner: String, state: String, progress: JobProgress, result: String?, errorMessage: String?,
                       event: (type: String, payload: String), now: Date = Date()) async throws -> Bool {
        try await database.transaction(.tenant(job.scope), .write) { c in
            let changed = try c.execute(
                """
                UPDATE jobs SET state = \(.text(state)), items_total = \(.int(progress.itemsTotal)), items_done = \(.int(progress.itemsDone)),
                    errors = \(.text(progress.errors)), checkpoint = \(.text(progress.checkpoint)), stats = \(.text(progress.stats)),
                    result = \(.optional(result)), error_message = \(.optional(errorMessage)), lease_owner = NULL, lease_until = NULL,
                    finished_at = \(.date(now)), updated_at = \(.date(now))
                WHERE \(.inProject(job.scope)) AND id = \(.text(job.id)) AND state = 'running' AND lease_owner = \(.text(owner))
                """)
            guard changed == 1 else { return false }
            try Self.append(jobID: job.id, type: event.type, payload: event.payload, scope: job.scope, now: now, c)
            return true
        }
    }

    /// Events of a job after `afterSeq`, in order.
    public func events(_ jobID: String, in scope: Scope, afterSeq: Int64 = 0, limit: Int = 500) async throws -> [JobEvent] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                """
                SELECT job_id, seq, type, payload, created_at FROM job_events
                WHERE \(.inProject(scope)) AND job_id = \(.text(jobID)) AND seq > \(.integer(afterSeq))
                ORDER BY seq LIMIT \(.int(max(1, limit)))
                """, as: JobEvent.self)
        }
    }

    static func append(jobID: String, type: String, payload: String, scope: Scope, now: Date, _ c: any SQLConnection) throws {
        guard let row = try c.queryFirst(
            "UPDATE jobs SET last_seq = last_seq + 1 WHERE \(.inProject(scope)) AND id = \(.text(jobID)) RETURNING last_seq")
        else { throw StoreError(.notFound, "job \(jobID) not found") }
        let seq = try row.int64("last_seq")
        _ = try c.execute(
            """
            INSERT INTO job_events (org_id, project_id, job_id, seq, type, payload, created_at)
            VALUES (\(.text(scope.orgID)), \(.text(scope.projectKey)), \(.text(jobID)), \(.integer(seq)), \(.text(type)), \(.text(payload)), \(.date(now)))
            """)
    }
}

extension JobRepository {
    /// Hands a running job back (its holder is stopping): the next claim takes it at once.
    public func release(_ job: Job, owner: String, now: Date = Date()) async throws {
        try await database.transaction(.tenant(job.scope), .write) { c in
            _ = try c.execute(
                """
                UPDATE jobs SET lease_owner = NULL, lease_until = NULL, updated_at = \(.date(now))
                WHERE \(.inProject(job.scope)) AND id = \(.text(job.id)) AND state = 'running' AND lease_owner = \(.text(owner))
                """)
        }
    }
}
