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
                WHERE status = 'running' AND lease_owner IS NOT NULL AND lease_owner <> \(.text(owner))
                  AND NOT \(raw: RunQueueRepository.memberOfActiveParent) \(only.map { "AND id = \(.text($0))" } ?? SQL())
                ORDER BY created_at, id LIMIT 1000
                """)
            var taken: [Run] = []
            for row in running where taken.count < max(1, limit) {
                let previous = try row.string("claim_owner")
                guard isAbandoned(previous) else { continue }
                if let run = try c.queryFirst(
                    """
                    UPDATE runs SET lease_owner = \(.text(owner)), lease_expires_at = \(.date(expires)), attempts = attempts + 1,
                        updated_at = \(.date(now))
                    WHERE org_id = \(.text(try row.string("claim_org"))) AND id = \(.text(try row.string("claim_id")))
                      AND status = 'running' AND lease_owner = \(.text(previous))
                    RETURNING \(raw: Run.columns)
                    """, as: Run.self) {
                    taken.append(run)
                }
            }
            return taken
        }
    }
}
