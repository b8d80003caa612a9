import Foundation

extension RunQueueRepository {
    /// Claims one specific run for `owner` (a parent starting its child
    /// inline): a pending run, or a running one whose lease expired or whose
    /// owner `isAbandoned` says is gone (never one `owner` already holds: it
    /// is executing it elsewhere in the same process). Nil when the run is not in `scope`,
    /// finished, waiting for approval, or held by a live worker.
    public func claim(_ runID: String, in scope: Scope, owner: String, leaseDuration: Duration, now: Date = Date(),
                      isAbandoned: @escaping @Sendable (String) -> Bool = { _ in false }) async throws -> Run? {
        try TextRules.key(owner, field: "owner")
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await database.transaction(.tenant(scope), .write) { c in
            guard let current = try RunSQL.fetch(c, id: runID, scope: scope) else { return nil }
            let previous: String?
            switch current.status {
            case .pending:
                previous = nil
            case .running:
                guard let holder = current.leaseOwner else { previous = nil; break }
                let expired = current.leaseExpiresAt.map { $0 < now } ?? true
                guard holder != owner, expired || isAbandoned(holder) else { return nil }
                previous = holder
            default:
                return nil
            }
            return try c.queryFirst(
                """
                UPDATE runs SET status = 'running', lease_owner = \(.text(owner)), lease_expires_at = \(.date(expires)),
                    started_at = COALESCE(started_at, \(.date(now))), attempts = attempts + 1, updated_at = \(.date(now))
                WHERE \(.inScope(scope)) AND id = \(.text(runID))
                  AND (status = 'pending' OR (status = 'running' AND lease_owner IS NOT DISTINCT FROM \(.optional(previous))))
                RETURNING \(raw: Run.columns)
                """, as: Run.self)
        }
    }
}
