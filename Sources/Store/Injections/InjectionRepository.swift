import Foundation

/// Messages injected into runs (`runs/inject`), private to the run's scope.
public struct InjectionRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Stores a message for the run's next step and records `event` (the
    /// `user.injected` event) in ONE transaction. Allowed while the run is
    /// pending, running or waiting for an approval; `.invalidState` otherwise,
    /// nil when the run is not in `scope`. `makeEvent` gets the new
    /// injection's id.
    public func inject(runID: String, role: String, message: String, event makeEvent: @escaping @Sendable (String) -> NewEvent,
                       in scope: Scope, now: Date = Date()) async throws -> InjectionOutcome? {
        guard InjectionSQL.roles.contains(role) else {
            throw StoreError(.invalidInput, "role must be user or system", field: "role")
        }
        let id = Identifier.make(prefix: "inj_", now: now)
        let event = makeEvent(id)
        try EventSQL.validate([event])
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let run = try RunSQL.fetch(c, id: runID, scope: scope) else { return nil }
            guard [.pending, .running, .waitingApproval].contains(run.status) else {
                throw StoreError(.invalidState, "run \(runID) is \(run.status.rawValue); only a pending, running or waiting run takes messages",
                                 field: "run_id")
            }
            guard let row = try c.queryFirst(
                """
                INSERT INTO run_injections (org_id, user_id, project_id, id, run_id, role, message, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                RETURNING \(InjectionSQL.columns)
                """,
                RunSQL.scopeParameters(scope) + [.text(id), .text(runID), .text(role), .text(message), .date(now)])
            else { throw StoreError(.internal, "injection insert returned no row") }
            guard let updated = try RunSQL.update(c, id: runID, scope: scope, RunUpdate(), reserveSeq: 1, notify: true, now: now) else { return nil }
            let stored = try EventSQL.insert(c, [event], runID: runID, scope: scope, firstSeq: updated.lastSeq, now: now)
            return InjectionOutcome(injection: try InjectionSQL.decode(row), events: stored, run: updated)
        }
    }

    /// The run's injections no step has consumed yet, oldest first.
    public func waiting(runID: String, in scope: Scope) async throws -> [Injection] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                """
                SELECT \(InjectionSQL.columns) FROM run_injections
                WHERE \(RunSQL.scopeClause) AND run_id = $4 AND consumed_step IS NULL
                ORDER BY created_at, id
                """,
                RunSQL.scopeParameters(scope) + [.text(runID)]
            ).map(InjectionSQL.decode)
        }
    }

    /// Every injection of the run, oldest first (export, tests).
    public func list(runID: String, in scope: Scope) async throws -> [Injection] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query(
                "SELECT \(InjectionSQL.columns) FROM run_injections WHERE \(RunSQL.scopeClause) AND run_id = $4 ORDER BY created_at, id",
                RunSQL.scopeParameters(scope) + [.text(runID)]
            ).map(InjectionSQL.decode)
        }
    }
}
