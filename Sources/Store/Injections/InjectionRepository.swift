import Foundation

/// Messages injected into runs (`runs/inject`), private to the run's scope.
public struct InjectionRepository: Sendable {
    let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Stores a message for the run's next step and records `event` (the
    /// `user.injected` event) in ONE transaction. Allowed while the run is
    /// pending, running, or waiting for an approval or its children; `.invalidState` otherwise,
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
        return try await database.transaction(.tenant(scope), .write) { c -> InjectionOutcome? in
            guard let run = try RunSQL.fetch(c, id: runID, scope: scope) else { return nil }
            guard [.pending, .running, .waitingApproval, .waitingChildren].contains(run.status) else {
                throw StoreError(.invalidState, "run \(runID) is \(run.status.rawValue); only a pending, running or waiting run takes messages",
                                 field: "run_id")
            }
            guard let injection = try c.queryFirst("""
                INSERT INTO run_injections (org_id, user_id, project_id, id, run_id, role, message, created_at)
                VALUES (\(.text(scope.orgID)), \(.text(scope.userID)), \(.text(scope.projectKey)), \(.text(id)), \(.text(runID)), \(.text(role)),
                        \(.text(message)), \(.date(now)))
                RETURNING \(raw: Injection.columns)
                """, as: Injection.self)
            else { throw StoreError(.internal, "injection insert returned no row") }
            guard let updated = try RunSQL.update(c, id: runID, scope: scope, RunUpdate(), reserveSeq: 1, notify: true, now: now) else { return nil }
            let stored = try EventSQL.insert(c, [event], runID: runID, scope: scope, firstSeq: updated.lastSeq, now: now)
            return InjectionOutcome(injection: injection, events: stored, run: updated)
        }
    }

    /// The run's injections no step has consumed yet, oldest first.
    public func waiting(runID: String, in scope: Scope) async throws -> [Injection] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("""
                SELECT \(raw: Injection.columns) FROM run_injections
                WHERE \(.inScope(scope)) AND run_id = \(.text(runID)) AND consumed_step IS NULL
                ORDER BY created_at, id
                """, as: Injection.self)
        }
    }

    /// Every injection of the run, oldest first (export, tests).
    public func list(runID: String, in scope: Scope) async throws -> [Injection] {
        try await database.transaction(.tenant(scope), .read) { c in
            try c.query("""
                SELECT \(raw: Injection.columns) FROM run_injections
                WHERE \(.inScope(scope)) AND run_id = \(.text(runID)) ORDER BY created_at, id
                """, as: Injection.self)
        }
    }
}
