import Foundation

extension RunQueueRepository {
    /// Takes over running runs whose worker is known to be gone before its
    /// lease expires: `isAbandoned(leaseOwner)` decides (the runtime answers
    /// for workers on its own host whose process no longer exists). The
    /// update only succeeds while the old owner still holds the lease, so two
    /// workers never both take a run.
    public func claimAbandoned(
        owner: String, leaseDuration: Duration, limit: Int = 10, only: String? = nil, now: Date = Date(),
        isAbandoned: @escaping @Sendable (String) -> Bool
    ) async throws -> [Run] {
        let expires = now.addingTimeInterval(leaseDuration.timeInterval)
        return try await database.transaction(.system, .write) { c in
            let running = try c.query(
                """
                SELECT org_id AS claim_org, id AS claim_id, lease_owner AS claim_owner FROM runs r
                WHERE status = 'running' AND lease_owner IS NOT NULL AND lease_owner <> $1
                  AND NOT \(RunQueueRepository.memberOfActiveParent) \(only == nil ? "" : "AND id = $2")
                ORDER BY created_at, id LIMIT 1000
                """, [.text(owner)] + (only.map { [SQLValue.text($0)] } ?? []))
            var taken: [Run] = []
            for row in running where taken.count < max(1, limit) {
                let previous = try row.string("claim_owner")
                guard isAbandoned(previous) else { continue }
                if let run = try c.queryFirst(
                    """
                    UPDATE runs SET lease_owner = $3, lease_expires_at = $4, attempts = attempts + 1, updated_at = $5
                    WHERE org_id = $1 AND id = $2 AND status = 'running' AND lease_owner = $6
                    RETURNING \(RunSQL.columns)
                    """,
                    [.text(try row.string("claim_org")), .text(try row.string("claim_id")), .text(owner), .date(expires), .date(now), .text(previous)]
                ).map(RunSQL.decode) {
                    taken.append(run)
                }
            }
            return taken
        }
    }
}
